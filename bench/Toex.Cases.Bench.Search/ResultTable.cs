namespace Toex.Cases.Bench.Search;

/// <summary>
/// Indexing over the whole load: documents in the index over the time from the first artefact
/// event to the page that applied the last one (appliedAt, the API's clock), against the artefacts'
/// own write rate (first to last artefact event); and for the last run, from its ToolRunCompleted
/// to the first search that found its last line (client clock, same machine).
/// </summary>
public sealed record IndexingResult(
    long Artefacts, long IndexedTranslations, long IndexedAll, DateTimeOffset FirstArtefact, DateTimeOffset LastArtefact,
    DateTimeOffset IndexedThrough, double RunningSeconds, TimeSpan LastLineSearchable, TimeSpan? IdleAfterLastRun,
    double MaxLagSeconds, long MaxPending, int Polls, int PollErrors)
{
    public double WriteSeconds => (LastArtefact - FirstArtefact).TotalSeconds;
    public double WritePerSecond => Artefacts / WriteSeconds;
    public double IndexSeconds => (IndexedThrough - FirstArtefact).TotalSeconds;
    public double IndexPerSecond => IndexedTranslations / IndexSeconds;

    public void Print()
    {
        Console.WriteLine($"Artefacts: {Artefacts:N0} translation_produced events from {FirstArtefact:HH:mm:ss.f} to {LastArtefact:HH:mm:ss.f} " +
            $"({WriteSeconds:0.0} s) = {WritePerSecond:N0}/s; the runs' own Started→Completed add up to {RunningSeconds:0.0} s = {Artefacts / RunningSeconds:N0}/s");
        Console.WriteLine($"Index: {IndexedTranslations:N0} translations ({IndexedAll:N0} documents with the operation and exhibits); " +
            $"the last artefact event applied at {IndexedThrough:HH:mm:ss.f}, {IndexSeconds:0.0} s after the first was written = {IndexPerSecond:N0} documents/s");
        Console.WriteLine($"Last run: its last line was searchable {LastLineSearchable.TotalSeconds:0.00} s after its ToolRunCompleted; " +
            $"nothing pending {(IdleAfterLastRun is { } idle ? $"{idle.TotalSeconds:0.00} s" : "not seen")} after it");
        Console.WriteLine($"During the load ({Polls:N0} status polls every {IndexWatch.Every.TotalMilliseconds:0} ms, {PollErrors} failed): " +
            $"max lagSeconds {MaxLagSeconds:0.0}, max pendingEvents {MaxPending:N0}");
    }
}

/// <summary>One mode's latencies, shape by shape, through the API and as direct SQL.</summary>
public sealed record ModeResults(QueryMode Mode, IReadOnlyList<LatencyResult> Api, IReadOnlyList<LatencyResult> Sql);

public static class ResultTable
{
    public static void Print(Settings settings, IndexingResult indexing, RawInsertResult insert, IReadOnlyList<QueryShape> shapes,
        IReadOnlyList<ModeResults> modes)
    {
        Console.WriteLine("== Results ==");
        Row("translation artefacts (exhibits × lines)", $"{indexing.Artefacts:N0} ({settings.Exhibits} × {indexing.Artefacts / settings.Exhibits:N0}, runs one after another)");
        Row("artefact writes/s (first → last artefact event)", $"{indexing.WritePerSecond:N0}");
        Row("documents indexed/s (first artefact → applied)", $"{indexing.IndexPerSecond:N0}  ({indexing.IndexSeconds:0.0} s)");
        Row("raw INSERT rows/s (same rows and indexes)", $"{insert.PerSecond:N0}  ({insert.Elapsed.TotalSeconds:0.0} s for {insert.Rows:N0})");
        Row("indexed/s ÷ raw INSERT rows/s", $"{indexing.IndexPerSecond / insert.PerSecond * 100:0}%");
        Row("last run: Completed → last line searchable", $"{indexing.LastLineSearchable.TotalSeconds:0.00} s");
        Row("max lagSeconds / pendingEvents during load", $"{indexing.MaxLagSeconds:0.0} s / {indexing.MaxPending:N0}");
        Console.WriteLine();
        foreach (var (mode, api, sql) in modes)
        {
            Console.WriteLine($"Queries {QueryModes.Describe(mode)}; {settings.Clients} concurrent clients, up to {settings.Requests} requests a shape " +
                $"within {settings.ShapeLimit.TotalSeconds:0} s (n: how many; ms; aim p95 < {Settings.AimP95Ms:0} ms through the API)");
            Console.WriteLine($"{"shape",-18} {"hits",10} | {"API n",5} {"p50",7} {"p95",7} {"p99",7} {"max",7} {"req/s",6} | {"SQL n",5} {"p50",7} {"p95",7} {"p99",7} {"req/s",6} | {"p95 API÷SQL",11} | aim");
            for (var i = 0; i < shapes.Count; i++)
            {
                var a = api[i];
                var s = sql[i];
                var hits = $"{a.Hits:N0}{(mode == QueryMode.Default && a.Hits >= QueryModes.CountUpTo ? "+" : "")}";
                Console.WriteLine($"{a.Shape,-18} {hits,10} | {a.Requests,5} {a.P50,7:0.0} {a.P95,7:0.0} {a.P99,7:0.0} {a.Max,7:0.0} {a.PerSecond,6:0} | " +
                    $"{s.Requests,5} {s.P50,7:0.0} {s.P95,7:0.0} {s.P99,7:0.0} {s.PerSecond,6:0} | {a.P95 / s.P95,10:0.0}× | {(a.P95 < Settings.AimP95Ms ? "met" : "MISSED")}");
            }
            Console.WriteLine();
        }
        Console.WriteLine("Every figure is measured in this run, on one machine (API, PostgreSQL and this program share its cores). The API");
        Console.WriteLine("answers with the total, the facets (kind, language, exhibit) when the total is exact, and 20 hits with highlights;");
        Console.WriteLine("the direct SQL does the same count and page only, without the caller's visibility filter.");

        static void Row(string label, string value) => Console.WriteLine($"{label,-50} {value}");
    }
}
