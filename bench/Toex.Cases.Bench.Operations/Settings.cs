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
        var a = new BenchArguments(args);
        return new Settings(
            a.Get("base-url", "BENCH_BASE_URL", "http://127.0.0.1:5181"),
            a.Get("signing-key", "Auth__SigningKey"),
            a.Get("connection", "TOEX_PG_CONNECTION"),
            int.Parse(a.Get("warmup", "BENCH_WARMUP", "200"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(a.Get("seconds", "BENCH_SECONDS", "12"), CultureInfo.InvariantCulture)));
    }
}
