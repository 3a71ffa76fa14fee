namespace Toex.Cases.Bench.ToolRuns;

public static class ResultTable
{
    public const double Aim = 0.40;

    /// <summary>One column per run, each compared with the multi-row INSERT baseline of its own row size.</summary>
    public static void Print(IReadOnlyList<(RunResult Run, BaselineResult? Raw)> columns, IReadOnlyList<BaselineResult> baselines)
    {
        Console.WriteLine($"{"",-52}" + string.Concat(columns.Select(c => $" | {c.Run.Tool,16}")));
        Row("input lines (rows done / total)", c => $"{c.Run.Final.Done:N0}/{c.Run.Final.Total:N0}");
        Row("items", c => $"{c.Run.Final.Items:N0}");
        Row("characters sent for translation", c => $"{c.Run.Final.Characters:N0}");
        Row("artefact events appended (mt_events)", c => c.Run.Events is { } e ? $"{e.Artefacts:N0}" : "-");
        Row("end-to-end s (POST → Completed seen)", c => $"{c.Run.EndToEnd.TotalSeconds:0.0}");
        Row("ToolRunStarted → ToolRunCompleted s", c => c.Run.Events is { } e ? $"{(e.Completed - e.Started).TotalSeconds:0.0}" : "-");
        Row("  of which running (stalls left out)", c => c.Run.Events is { } e ? $"{e.Running.TotalSeconds:0.0}" : "-");
        Row("attempts (dead letters replayed by the bench)", c => c.Run.Events is { } e ? $"{e.Attempts} ({c.Run.Stalls.Count})" : "-");
        Row("artefact events/s (events ÷ running s)", c => c.Run.Events is { } e ? $"{e.PerSecond:N0}" : "-");
        Row("artefact events/s (end-to-end)", c => c.Run.Events is not null ? $"{c.Run.EndToEndPerSecond:N0}" : "-");
        Row("all listed by the API after s (from POST)", c => c.Run.SearchableAfter is { } s ? $"{s.TotalSeconds:0.0}" : "not all listed");
        Row("WAL bytes per artefact event (POST → listed)", c => c.Run.Database is { } d && c.Run.Events is { } e ? $"{(double)d.WalBytes / e.Artefacts:N0}" : "-");
        Row("raw INSERT rows/s, same-size rows, 1,000/txn", c => c.Raw is { } r ? $"{r.PerSecond:N0}" : "-");
        Row("WAL bytes per raw row", c => c.Raw is { } r ? $"{(double)r.WalBytes / r.Count:N0}" : "-");
        Row("artefact events/s ÷ raw INSERT rows/s", c => Ratio(c) is { } ratio ? $"{ratio * 100:0}%" : "-");
        Row($"meets the {Aim * 100:0}% aim", c => Ratio(c) is { } ratio ? ratio >= Aim ? "yes" : "no" : "-");
        Console.WriteLine();
        foreach (var b in baselines)
            Console.WriteLine($"raw {b.Rows,-11} {b.Method,-56} {b.PerSecond,9:N0} rows/s");
        Console.WriteLine();
        Console.WriteLine("Every figure is measured in this run. The runner appends each 1,000-row batch in one transaction: its");
        Console.WriteLine("artefact events to the run's artefact stream for the material, and one ToolRunProgressed to the run's own");
        Console.WriteLine("stream; the raw rows are the same size, appended to one stream 1,000 to a transaction over one connection.");
        if (columns.FirstOrDefault(c => c.Run.ProviderRequests > 0).Run is { } translated)
            Console.WriteLine($"Translation requests carried at most {translated.ProviderLargest:N0} texts ({translated.ProviderRequests:N0} requests for " +
                $"{translated.ProviderTexts:N0} texts); Tools:Translate:MaxItems was {Setting("Tools__Translate__MaxItems", "100")} " +
                $"and :MaxCharacters {Setting("Tools__Translate__MaxCharacters", "20000")}.");

        void Row(string label, Func<(RunResult Run, BaselineResult? Raw), string> value) =>
            Console.WriteLine($"{label,-52}" + string.Concat(columns.Select(c => $" | {value(c),16}")));
    }

    private static string Setting(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : $"{fallback} (default)";

    public static double? Ratio((RunResult Run, BaselineResult? Raw) column) =>
        column.Run.Events is { } e && column.Raw is { } r ? e.PerSecond / r.PerSecond : null;
}
