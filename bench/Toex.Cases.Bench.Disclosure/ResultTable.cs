using System.Globalization;

namespace Toex.Cases.Bench.Disclosure;

/// <summary>
/// The chain catching up once writing stopped: events still unchained when it was looked at (just
/// after the last write), how long until it held them all, and how long that was after the last
/// event was stored (the database's clock).
/// </summary>
public sealed record CatchUp(long Events, long Unchained, TimeSpan Waited, TimeSpan AfterLastStored)
{
    /// <summary>The daemon reads the event store a page (2,000 events) at a time: below that it was keeping up, and a rate would only measure its polling.</summary>
    public const int Page = 2000;

    public bool KeptUp => Unchained < Page;
    public double PerSecond => Unchained / Waited.TotalSeconds;

    public override string ToString() => KeptUp
        ? $"kept up: {Unchained:N0} events unchained, all chained {AfterLastStored.TotalSeconds:0.00} s after the last was stored"
        : $"{Unchained:N0} events unchained, all chained {Waited.TotalSeconds:0.0} s later ({AfterLastStored.TotalSeconds:0.0} s after the last was stored) " +
          $"= {PerSecond:N0} events/s";
}

/// <summary>How the operation was built and how its chain caught up.</summary>
public sealed record BuildSummary(
    long Events, long Chained, long Shown, long Artefacts, TriageResult Triage, FillResult Fill, CatchUp AfterTriage, CatchUp AfterLast);

public sealed record TamperCheck(long Sequence, string EventType, bool Shown, Verification Result, Verification Restored)
{
    public bool Detected => !Result.Valid && Result.FirstBrokenSequence == Sequence;
}

public static class ResultTable
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static void Print(BuildSummary build, Rounds rounds, TamperCheck? tamper)
    {
        var exportSeconds = Median(rounds.Exports.Select(e => e.Seconds));
        var exportRows = Median(rounds.Exports.Select(e => e.RowsPerSecond));
        var exportChain = Median(rounds.Exports.Select(e => e.ChainEventsPerSecond));
        var copySeconds = Median(rounds.Copies.Select(c => c.Elapsed.TotalSeconds));
        var copyRows = Median(rounds.Copies.Select(c => c.RowsPerSecond));
        var verifySeconds = Median(rounds.Verifications.Select(v => v.Seconds));
        var verifyRate = Median(rounds.Verifications.Select(v => v.EventsPerSecond));
        var hashSeconds = Median(rounds.Hashes.Select(h => h.Elapsed.TotalSeconds));
        var hashRate = Median(rounds.Hashes.Select(h => h.RowsPerSecond));

        Console.WriteLine($"{"",-58} | {"median",16} | runs");
        Row("events on the operation (mt_events, at the last write)", $"{build.Events:N0}");
        Row("  triage artefacts (entity_extracted), not shown", $"{build.Artefacts:N0} ({Share(build.Artefacts, build.Events)})");
        Row("  shown entries (who did what), at the last write", $"{build.Shown:N0} ({Share(build.Shown, build.Events)})");
        Row("    of which downloads / relevance decisions", $"{build.Fill.Reads:N0} / {build.Fill.Decisions:N0}");
        Row("triage run, POST → Completed seen (s)", $"{build.Triage.Elapsed.TotalSeconds:0.0}");
        Row("downloads and decisions, API requests/s", $"{build.Fill.PerSecond:N0}");
        Row("chain: unchained when the triage's last event was stored", $"{build.AfterTriage.Unchained:N0}");
        Row("  complete after the triage's last event (s)", $"{build.AfterTriage.AfterLastStored.TotalSeconds:0.00}");
        Row("  catch-up events/s", build.AfterTriage.KeptUp ? "kept up" : $"{build.AfterTriage.PerSecond:N0}");
        Row("chain: unchained when the last event was stored", $"{build.AfterLast.Unchained:N0}");
        Row("  complete after the last event (s)", $"{build.AfterLast.AfterLastStored.TotalSeconds:0.00}");
        Row("  catch-up events/s", build.AfterLast.KeptUp ? "kept up" : $"{build.AfterLast.PerSecond:N0}");
        Row("CSV export: s (GET /audit, text/csv)", $"{exportSeconds:0.00}", Runs(rounds.Exports.Select(e => e.Seconds), "0.00"));
        Row("  rows (shown entries) per s", $"{exportRows:N0}", Runs(rounds.Exports.Select(e => e.RowsPerSecond), "N0"));
        Row("  chain events covered per s", $"{exportChain:N0}", Runs(rounds.Exports.Select(e => e.ChainEventsPerSecond), "N0"));
        Row("COPY … TO STDOUT (FORMAT csv) baseline: s", $"{copySeconds:0.00}", Runs(rounds.Copies.Select(c => c.Elapsed.TotalSeconds), "0.00"));
        Row("  rows per s", $"{copyRows:N0}", Runs(rounds.Copies.Select(c => c.RowsPerSecond), "N0"));
        Row("CSV export rows/s ÷ COPY rows/s", $"{exportRows / copyRows:0%}");
        Row("Verification: s (GET /audit/verification)", $"{verifySeconds:0.00}", Runs(rounds.Verifications.Select(v => v.Seconds), "0.00"));
        Row("  events per s (entries ÷ s)", $"{verifyRate:N0}", Runs(rounds.Verifications.Select(v => v.EventsPerSecond), "N0"));
        Row("read mt_events + SHA-256 chain baseline: s", $"{hashSeconds:0.00}", Runs(rounds.Hashes.Select(h => h.Elapsed.TotalSeconds), "0.00"));
        Row("  rows per s", $"{hashRate:N0}", Runs(rounds.Hashes.Select(h => h.RowsPerSecond), "N0"));
        Row("verification events/s ÷ baseline rows/s", $"{verifyRate / hashRate:0%}");
        Row("tamper found at the altered event's entry", tamper is null ? "not run" : tamper.Detected ? "yes" : "NO",
            tamper is null ? "" : $"entry {tamper.Sequence:N0} ({tamper.EventType}); reported {tamper.Result.FirstBrokenSequence?.ToString("N0", CultureInfo.InvariantCulture) ?? "none"}");
        Console.WriteLine();
        Console.WriteLine("""
            Every figure is from this run, on one operation. The CSV export is timed from sending the request to its last
            byte, read into a counter: it checks access, records the export (a DisclosureExported event) and streams the
            shown entries; rows/s counts those rows, chain events/s every chained event they stand on (artefacts included).
            Its floor is a COPY of the same columns of the same rows to STDOUT as CSV over one open connection, read into
            the same counter. Verification re-reads the trail's hashes and every event of the operation's streams,
            recomputes the SHA-256 chain and records the check (an AuditChainVerified event); events/s is entries ÷ seconds.
            Its floor reads the same events over one connection and SHA-256 chains their canonical bytes in this program
            (no trail read, no comparison); that it reaches the trail's last hash is an independent check of the chain.
            The chain is built by the asynchronous AuditTrail projection. Catch-up is how long after a burst of writes (the
            triage run's artefacts; the last download or decision) it held every event, and events/s the events still
            unchained just after the burst over the time it took to chain them: not given when fewer than a daemon page
            were behind, as it was then keeping up. Each figure was taken on a complete chain, in turn with the others,
            and the median of its runs is shown.
            """);

        static void Row(string label, string median, string runs = "") => Console.WriteLine($"{label,-58} | {median,16} | {runs}");
    }

    private static string Runs(IEnumerable<double> values, string format) =>
        string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static string Share(long part, long whole) => whole == 0 ? "-" : $"{(double)part / whole:0.0%}";
}
