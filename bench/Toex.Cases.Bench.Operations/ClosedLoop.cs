using System.Diagnostics;

namespace Toex.Cases.Bench.Operations;

/// <summary>One simulated client: it owns its connection and runs one iteration at a time.</summary>
public interface ILoadClient : IAsyncDisposable
{
    /// <summary>Runs one or more commands, timing each with the recorder; records at least one.</summary>
    Task RunOnceAsync(Recorder recorder);
}

/// <summary>Latencies of successful commands and the errors of one client; never shared, so no locks.</summary>
public sealed class Recorder
{
    private const int MaxErrorSamples = 3;
    private readonly List<double> _milliseconds = [];
    private readonly List<string> _errorSamples = [];

    public IReadOnlyList<double> Milliseconds => _milliseconds;
    public IReadOnlyList<string> ErrorSamples => _errorSamples;
    public int Errors { get; private set; }
    public int Attempts => _milliseconds.Count + Errors;

    /// <summary>Times one command; any exception (a bad status, a timeout, a database error) is an error.</summary>
    public async Task<bool> TimeAsync(Func<Task> command)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await command();
            _milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return true;
        }
        catch (Exception e)
        {
            Errors++;
            if (_errorSamples.Count < MaxErrorSamples) _errorSamples.Add($"{e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}

public sealed record LevelResult(int Clients, int Commands, int Errors, TimeSpan Elapsed, double P50, double P99)
{
    public double PerSecond => Commands / Elapsed.TotalSeconds;
}

/// <summary>
/// N clients each loop without think time. A warm-up of a fixed number of commands (shared
/// out among the clients, not measured) opens connections and warms both ends; then every
/// client loops until the window closes and finishes the command it is in.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LevelResult> RunAsync(
        int clients, int warmupCommands, TimeSpan window, Func<int, Task<ILoadClient>> connect)
    {
        var loadClients = await Task.WhenAll(Enumerable.Range(0, clients).Select(connect));
        try
        {
            var perClient = (warmupCommands + clients - 1) / clients;
            var warmup = await Task.WhenAll(loadClients.Select(async client =>
            {
                var recorder = new Recorder();
                while (recorder.Attempts < perClient) await client.RunOnceAsync(recorder);
                return recorder;
            }));

            var elapsed = Stopwatch.StartNew();
            var measured = await Task.WhenAll(loadClients.Select(async client =>
            {
                var recorder = new Recorder();
                while (elapsed.Elapsed < window) await client.RunOnceAsync(recorder);
                return recorder;
            }));
            elapsed.Stop();

            foreach (var sample in warmup.Concat(measured).SelectMany(r => r.ErrorSamples).Take(5))
                Console.Error.WriteLine($"  error: {sample}");
            var latencies = measured.SelectMany(r => r.Milliseconds).Order().ToArray();
            return new LevelResult(clients, latencies.Length, warmup.Concat(measured).Sum(r => r.Errors),
                elapsed.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
        }
        finally
        {
            foreach (var client in loadClients) await client.DisposeAsync();
        }
    }

    /// <summary>Nearest rank: the smallest latency that at least the fraction p of commands did not exceed.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
