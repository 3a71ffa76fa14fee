using System.Diagnostics;
using System.Text;
using Npgsql;
using Toex.Cases.Bench.ToolRuns;

namespace Toex.Cases.Bench.Disclosure;

public sealed record TriageResult(Guid RunId, RunState Final, TimeSpan Elapsed, int Lines);

public sealed record FillResult(long Reads, long Decisions, TimeSpan Elapsed)
{
    public double PerSecond => (Reads + Decisions) / Elapsed.TotalSeconds;
}

/// <summary>
/// Builds the operation through the API, so that every event is real and carries its actor:
/// tasking and acceptance, exhibits registered, one triage run over a synthetic message export,
/// then exhibit downloads (several clients at once) and relevance decisions until the operation
/// has the events asked for.
/// </summary>
public sealed class OperationBuilder(DisclosureApi api, NpgsqlDataSource database, Settings settings)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public Guid OperationId { get; private set; }
    public Guid ExportId { get; private set; }
    public List<Guid> Documents { get; } = [];

    public Trail Trail { get; private set; } = null!;

    public async Task<Guid> CreateAsync()
    {
        OperationId = await api.TaskAndAcceptOperationAsync();
        Trail = new Trail(database, OperationId);
        return OperationId;
    }

    /// <summary>The message export (sized for the artefact share of the target) and one small document per reader.</summary>
    public async Task<(ExportStats Export, TimeSpan Elapsed)> RegisterExhibitsAsync()
    {
        var clock = Stopwatch.StartNew();
        var lines = (int)Math.Ceiling(settings.Events * settings.ArtefactShare / settings.ArtefactsPerLine);
        var csv = Path.Combine(settings.WorkDirectory, $"toex-bench-disclosure-{Guid.NewGuid():N}.csv");
        ExportStats export;
        try
        {
            export = await SyntheticExport.WriteAsync(csv, lines, 35.7);
            ExportId = await api.RegisterMaterialAsync(OperationId, csv, "text/csv", "BENCH/MSG/1",
                "Synthetic seized-phone message export (benchmark)");
        }
        finally
        {
            File.Delete(csv);
        }

        // Registered by as many clients at once as will read them; kept in exhibit order.
        var documents = new Guid[settings.Exhibits];
        await Parallel.ForEachAsync(Enumerable.Range(1, settings.Exhibits), new ParallelOptions { MaxDegreeOfParallelism = settings.Readers },
            async (i, _) =>
            {
                var path = Path.Combine(settings.WorkDirectory, $"toex-bench-statement-{i:000}-{Guid.NewGuid():N}.txt");
                try
                {
                    await File.WriteAllTextAsync(path, Statement(i), new UTF8Encoding(false));
                    documents[i - 1] = await api.RegisterMaterialAsync(OperationId, path, "text/plain", $"BENCH/DOC/{i:000}",
                        $"Witness statement {i} (benchmark)");
                }
                finally
                {
                    File.Delete(path);
                }
            });
        Documents.AddRange(documents);
        return (export, clock.Elapsed);
    }

    public async Task<TriageResult> TriageAsync(int lines)
    {
        var clock = Stopwatch.StartNew();
        var runId = await api.RequestTriageAsync(OperationId, ExportId, Phrasebook.Keywords);
        Console.WriteLine($"Triage run {runId} requested");
        var report = ProgressEvery;
        RunState state;
        while (!(state = await api.GetRunAsync(runId)).IsFinished)
        {
            if (clock.Elapsed > settings.RunTimeout)
            {
                Console.WriteLine($"  triage not finished after {settings.RunTimeout.TotalMinutes:0} minutes ({state.Status}, {state.Done:N0}/{state.Total:N0})");
                return new TriageResult(runId, state with { Status = "TimedOut" }, clock.Elapsed, lines);
            }
            if (clock.Elapsed >= report)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s  {state.Status,-8} {state.Done,9:N0} / {state.Total:N0} rows, " +
                    $"{state.Items:N0} entities; trail chained {await Trail.HeadAsync():N0} entries");
                report += ProgressEvery;
            }
            await Task.Delay(Poll);
        }
        return new TriageResult(runId, state, clock.Elapsed, lines);
    }

    /// <summary>
    /// <paramref name="events"/> more events: downloads by <see cref="Settings.Readers"/> clients at
    /// once (as investigators, analysts and the disclosure officer in turn), each going round its own
    /// share of the statements so that no two download one exhibit at the same moment; alongside
    /// them, one after another, the disclosure officer's relevance decisions on every exhibit in turn.
    /// </summary>
    public async Task<FillResult> FillAsync(long events)
    {
        var decisions = (long)Math.Round(events * settings.DecisionShare);
        var reads = events - decisions;
        long readsLeft = reads, readsDone = 0, decided = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, settings.Readers).Select(i => Task.Run(async () =>
        {
            var token = (i % 3) switch { 0 => api.Analyst, 1 => api.Investigator, _ => api.Officer };
            var mine = Documents.Where((_, n) => n % settings.Readers == i).ToArray();
            for (var n = 0; Interlocked.Decrement(ref readsLeft) >= 0; n++)
            {
                await api.ReadContentAsync(mine[n % mine.Length], token);
                Interlocked.Increment(ref readsDone);
            }
        })).ToList();
        var decider = Task.Run(async () =>
        {
            var materials = Documents.Prepend(ExportId).ToArray();
            for (var j = 0; j < decisions; j++)
            {
                await api.DecideRelevanceAsync(materials[j % materials.Length], Pattern(j));
                Interlocked.Increment(ref decided);
            }
        });
        var work = Task.WhenAll([.. readers, decider]);
        var progress = Task.Run(async () =>
        {
            var report = ProgressEvery;
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(report - clock.Elapsed, stop.Token); }
                catch (OperationCanceledException) { return; }
                var done = Interlocked.Read(ref readsDone) + Interlocked.Read(ref decided);
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s  {Interlocked.Read(ref readsDone),9:N0} / {reads:N0} downloads, " +
                    $"{Interlocked.Read(ref decided),6:N0} / {decisions:N0} decisions ({done / clock.Elapsed.TotalSeconds:N0} requests/s); " +
                    $"trail chained {await Trail.HeadAsync():N0} entries");
                report += ProgressEvery;
            }
        });
        try
        {
            await work;
        }
        finally
        {
            await stop.CancelAsync();
            await progress;
        }
        return new FillResult(readsDone, decided, clock.Elapsed);
    }

    /// <summary>Relevant and scheduled on MG6C, relevant and sensitive (MG6D), or not relevant, in turn.</summary>
    private static Decision Pattern(int j) => (j % 3) switch
    {
        0 => new Decision(true, false, $"Message export and statements reviewed, pass {j / 3 + 1}", "Norfolk Police exhibits store, Wymondham",
            "Shows contact between the suspects in the days before the offence.", null),
        1 => new Decision(true, true, $"Material naming a covert source, pass {j / 3 + 1}", "Norfolk Police exhibits store, Wymondham",
            "Relevant to the timeline of the offence.", "Would reveal the identity of a covert human intelligence source."),
        _ => new Decision(false, false, $"Material reviewed, pass {j / 3 + 1}", null,
            "Unrelated personal correspondence: no bearing on the offence or the defence.", null),
    };

    private static string Statement(int n)
    {
        var text = new StringBuilder($"WITNESS STATEMENT {n} (benchmark)\n\n");
        for (var i = 0; i < 40; i++)
            text.Append("On the evening in question I saw two men by the station exchange a parcel; one of them rang a number I later gave to officers.\n");
        return text.ToString();
    }
}
