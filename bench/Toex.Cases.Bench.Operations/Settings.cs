using System.Globalization;

namespace Toex.Cases.Bench.Operations;

/// <summary>
/// What to measure against. Each value comes from <c>--name value</c> or else its environment
/// variable, so the signing key and the password need never appear on a command line.
/// </summary>
public sealed record Settings(string BaseUrl, string SigningKey, string ConnectionString, int WarmupCommands, TimeSpan Window)
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

        string Get(string name, string variable, string? fallback = null) =>
            values.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(variable) ?? fallback
            ?? throw new ArgumentException($"Set --{name} or {variable}.");

        return new Settings(
            Get("base-url", "BENCH_BASE_URL", "http://127.0.0.1:5181"),
            Get("signing-key", "Auth__SigningKey"),
            Get("connection", "TOEX_PG_CONNECTION"),
            int.Parse(Get("warmup", "BENCH_WARMUP", "200"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("seconds", "BENCH_SECONDS", "12"), CultureInfo.InvariantCulture)));
    }
}
