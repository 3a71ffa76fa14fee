using System.Globalization;

namespace Toex.Cases.Bench;

/// <summary>
/// A benchmark's settings: each from <c>--name value</c> or else its environment variable, so the
/// signing key and the password need never appear on a command line (shared by the benchmark programs).
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new();

    public BenchArguments(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            _values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"'{args[^1]}' has no value.");
    }

    public string? Find(string name, string variable) =>
        _values.GetValueOrDefault(name) ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : null);

    public string Get(string name, string variable, string? fallback = null) =>
        Find(name, variable) ?? fallback ?? throw new ArgumentException($"Set --{name} or {variable}.");

    public int Int(string name, string variable, string fallback) => int.Parse(Get(name, variable, fallback), CultureInfo.InvariantCulture);

    public double Number(string name, string variable, string fallback) =>
        double.Parse(Get(name, variable, fallback), CultureInfo.InvariantCulture);
}
