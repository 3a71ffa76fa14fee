using System.Globalization;

namespace Toex.Cases.Bench.Disclosure;

/// <summary>
/// What to build and measure against. Each value comes from <c>--name value</c> or else its
/// environment variable, so the signing key and the password need never appear on a command line.
/// </summary>
public sealed record Settings(
    string BaseUrl, string SigningKey, string ConnectionString, int? ApiPid, string WorkDirectory,
    long Events, double ArtefactShare, double ArtefactsPerLine, double DecisionShare, int Readers, int Exhibits, int Repeats,
    TimeSpan RunTimeout, TimeSpan ChainTimeout)
{
    public static Settings From(string[] args)
    {
        var a = new BenchArguments(args);
        var settings = new Settings(
            a.Get("base-url", "BENCH_BASE_URL"),
            a.Get("signing-key", "Auth__SigningKey"),
            a.Get("connection", "TOEX_PG_CONNECTION"),
            a.Find("api-pid", "BENCH_API_PID") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            a.Get("work-dir", "BENCH_WORK_DIR", Path.GetTempPath()),
            (long)a.Number("events", "BENCH_EVENTS", "200000"),
            // The share of the target the triage run's artefact events should make; the rest are
            // human entries (content reads, relevance decisions) and the runs' own events.
            a.Number("artefact-share", "BENCH_ARTEFACT_SHARE", "0.70"),
            // entity_extracted events per export line (two phones, from and to, and now and then an
            // entity or keyword in the body), measured on this export: sizes the export.
            a.Number("artefacts-per-line", "BENCH_ARTEFACTS_PER_LINE", "2.46"),
            // The share of the remainder made by relevance decisions rather than content reads.
            a.Number("decision-share", "BENCH_DECISION_SHARE", "0.10"),
            (int)a.Number("readers", "BENCH_READERS", "8"),
            // Statements to download: spread wide, as in a real operation, since each exhibit's read
            // model lists every download of it (MaterialDetails.Accesses) and grows with each one.
            (int)a.Number("exhibits", "BENCH_EXHIBITS", "500"),
            (int)a.Number("repeats", "BENCH_REPEATS", "3"),
            TimeSpan.FromMinutes(a.Number("run-minutes", "BENCH_RUN_MINUTES", "20")),
            TimeSpan.FromMinutes(a.Number("chain-minutes", "BENCH_CHAIN_MINUTES", "15")));
        if (settings.Events < 1000) throw new ArgumentException("BENCH_EVENTS: at least 1,000.");
        if (settings.ArtefactShare is <= 0 or >= 1) throw new ArgumentException("BENCH_ARTEFACT_SHARE: between 0 and 1.");
        if (settings.DecisionShare is < 0 or > 1) throw new ArgumentException("BENCH_DECISION_SHARE: between 0 and 1.");
        if (settings.Readers < 1 || settings.Repeats < 1) throw new ArgumentException("BENCH_READERS and BENCH_REPEATS: at least 1.");
        if (settings.Exhibits < settings.Readers) throw new ArgumentException("BENCH_EXHIBITS: at least BENCH_READERS.");
        return settings;
    }
}
