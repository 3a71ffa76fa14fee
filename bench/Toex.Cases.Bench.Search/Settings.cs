namespace Toex.Cases.Bench.Search;

/// <summary>
/// What to measure against. Each value comes from <c>--name value</c> or else its environment
/// variable, so the signing key and the password need never appear on a command line.
/// </summary>
public sealed record Settings(
    string BaseUrl, string SigningKey, string ConnectionString, int ProviderPort,
    int Artefacts, int Exhibits, double BodyCharacters, int Clients, int Requests, int Warmup, TimeSpan ShapeLimit, int RawRows,
    TimeSpan RunTimeout, TimeSpan CatchUpTimeout)
{
    /// <summary>The aim for every query shape through the API.</summary>
    public const double AimP95Ms = 50;

    public static Settings From(string[] args)
    {
        var a = new BenchArguments(args);
        var artefacts = a.Int("artefacts", "BENCH_ARTEFACTS", "1000000");
        return new Settings(
            a.Get("base-url", "BENCH_BASE_URL"),
            a.Get("signing-key", "Auth__SigningKey"),
            a.Get("connection", "TOEX_PG_CONNECTION"),
            a.Int("provider-port", "BENCH_PROVIDER_PORT", "0"),
            artefacts,
            a.Int("exhibits", "BENCH_EXHIBITS", "4"),
            // As the tool-runs benchmark: 12.5M characters over 350,000 lines in the operation it is sized on.
            a.Number("body-characters", "BENCH_BODY_CHARACTERS", "35.7"),
            a.Int("clients", "BENCH_CLIENTS", "8"),
            a.Int("requests", "BENCH_REQUESTS", "400"),
            a.Int("warmup", "BENCH_WARMUP", "20"),
            // No measured request of a shape starts after this, so slow shapes cannot push the run past BENCH_TIMEOUT.
            TimeSpan.FromSeconds(a.Number("shape-seconds", "BENCH_SHAPE_SECONDS", "40")),
            a.Int("raw-rows", "BENCH_RAW_ROWS", artefacts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(a.Number("run-minutes", "BENCH_RUN_MINUTES", "20")),
            TimeSpan.FromMinutes(a.Number("catch-up-minutes", "BENCH_CATCH_UP_MINUTES", "10")));
    }
}
