using System.Globalization;

namespace Toex.Cases.Bench.ToolRuns;

/// <summary>
/// What to measure against. Each value comes from <c>--name value</c> or else its environment
/// variable, so the signing key and the password need never appear on a command line.
/// </summary>
public sealed record Settings(
    string BaseUrl, string SigningKey, string ConnectionString, int ProviderPort, int? ApiPid,
    int Lines, double BodyCharacters, int RawRows, TimeSpan RunTimeout, TimeSpan SearchableTimeout, bool ReplayDeadLetters)
{
    public static Settings From(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"'{args[^1]}' has no value.");

        string? Find(string name, string variable) =>
            values.GetValueOrDefault(name) ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : null);
        string Get(string name, string variable, string? fallback = null) =>
            Find(name, variable) ?? fallback ?? throw new ArgumentException($"Set --{name} or {variable}.");
        int Int(string name, string variable, string fallback) => int.Parse(Get(name, variable, fallback), CultureInfo.InvariantCulture);

        var lines = Int("lines", "BENCH_LINES", "350000");
        return new Settings(
            Get("base-url", "BENCH_BASE_URL"),
            Get("signing-key", "Auth__SigningKey"),
            Get("connection", "TOEX_PG_CONNECTION"),
            Int("provider-port", "BENCH_PROVIDER_PORT", "0"),
            Find("api-pid", "BENCH_API_PID") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            lines,
            // 12.5M characters over 350,000 lines in the operation this benchmark is sized on.
            double.Parse(Get("body-characters", "BENCH_BODY_CHARACTERS", "35.7"), CultureInfo.InvariantCulture),
            Int("raw-rows", "BENCH_RAW_ROWS", lines.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(double.Parse(Get("run-minutes", "BENCH_RUN_MINUTES", "20"), CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(double.Parse(Get("searchable-minutes", "BENCH_SEARCHABLE_MINUTES", "10"), CultureInfo.InvariantCulture)),
            Get("replay", "BENCH_REPLAY", "1") != "0");
    }
}
