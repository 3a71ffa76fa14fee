using System.Diagnostics;

namespace Toex.Cases.Bench.Search;

public sealed record LatencyResult(string Shape, long Hits, int Requests, double P50, double P95, double P99, double Max, double PerSecond);

/// <summary>
/// Closed loop: <c>clients</c> workers take requests from one counter, each waiting for its answer
/// before the next; a warm-up round first (not measured), then the measured requests. Latency is
/// per request, in ms, client side; requests/s is measured requests over the measured wall time.
/// No measured request starts after <c>limit</c>, so a slow shape is measured on fewer requests
/// (the count is reported) rather than running the benchmark past its time bound.
/// </summary>
public static class Latency
{
    public static async Task<LatencyResult> MeasureAsync(string shape, int clients, int warmup, int requests, TimeSpan limit, Func<Task<long>> request)
    {
        long hits = -1;
        var times = new double[requests];
        var done = 0;
        var clock = Stopwatch.StartNew();
        await RunAsync(clients, warmup, null);
        clock.Restart();
        await RunAsync(clients, requests, times);
        var wall = clock.Elapsed.TotalSeconds;
        times = times[..done];
        Array.Sort(times);
        return new LatencyResult(shape, hits, done, Percentile(times, 0.50), Percentile(times, 0.95), Percentile(times, 0.99),
            times.Length == 0 ? double.NaN : times[^1], done / wall);

        async Task RunAsync(int workers, int count, double[]? into)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                int i;
                while ((into is null || clock.Elapsed < limit) && (i = Interlocked.Increment(ref next)) < count)
                {
                    var started = Stopwatch.GetTimestamp();
                    var total = await request();
                    if (into is not null)
                    {
                        into[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        Interlocked.Increment(ref done);
                    }
                    if (Interlocked.Exchange(ref hits, total) is var seen && seen >= 0 && seen != total)
                        throw new InvalidDataException($"{shape}: one answer says {seen:N0} hits, another {total:N0}.");
                }
            }));
        }
    }

    /// <summary>Nearest rank.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
