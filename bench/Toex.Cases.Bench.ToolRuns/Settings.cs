using System.Globalization;

namespace Toex.Cases.Bench.ToolRuns;

/// <summary>
/// What to measure against. Each value comes from <c>--name value</c> or else its environment
/// variable, so the signing key and the password need never appear on a command line.
/// </summary>
public sealed record Settings(
    string BaseUrl, string SigningKey, string ConnectionString, int ProviderPort, int? ApiPid,
    int Lines, int WarmUpLines, double BodyCharacters, int RawRows, TimeSpan RunTimeout, TimeSpan SearchableTimeout, bool ReplayDeadLetters)
{
    public static Settings From(string[] args)
    {
        var a = new BenchArguments(args);
        var lines = a.Int("lines", "BENCH_LINES", "350000");
        return new Settings(
            a.Get("base-url", "BENCH_BASE_URL"),
            a.Get("signing-key", "Auth__SigningKey"),
            a.Get("connection", "TOEX_PG_CONNECTION"),
            a.Int("provider-port", "BENCH_PROVIDER_PORT", "0"),
            a.Find("api-pid", "BENCH_API_PID") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            lines,
            a.Int("warmup-lines", "BENCH_WARMUP_LINES", "20000"),
            // 12.5M characters over 350,000 lines in the operation this benchmark is sized on.
            double.Parse(a.Get("body-characters", "BENCH_BODY_CHARACTERS", "35.7"), CultureInfo.InvariantCulture),
            a.Int("raw-rows", "BENCH_RAW_ROWS", lines.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(double.Parse(a.Get("run-minutes", "BENCH_RUN_MINUTES", "20"), CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(double.Parse(a.Get("searchable-minutes", "BENCH_SEARCHABLE_MINUTES", "10"), CultureInfo.InvariantCulture)),
            a.Get("replay", "BENCH_REPLAY", "1") != "0");
    }
}
