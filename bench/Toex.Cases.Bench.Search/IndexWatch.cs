namespace Toex.Cases.Bench.Search;

/// <summary>
/// Asks GET /api/admin/search every 200 ms from the first run until stopped: keeps the largest lag
/// and backlog seen, and every answer with the client time it arrived, so the time the index first
/// covered a given event can be read back (its appliedAt, stamped by the API when it applied the page).
/// </summary>
public sealed class IndexWatch : IAsyncDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    private readonly SearchApi _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DateTimeOffset Seen, IndexStatus Status)> _samples = [];
    private readonly Task _loop;
    private int _errors;

    public IndexWatch(SearchApi api)
    {
        _api = api;
        _loop = Task.Run(LoopAsync);
    }

    public int Errors => Volatile.Read(ref _errors);

    public IReadOnlyList<(DateTimeOffset Seen, IndexStatus Status)> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    public double MaxLagSeconds => Samples.Select(s => s.Status.LagSeconds).DefaultIfEmpty().Max();
    public long MaxPending => Samples.Select(s => s.Status.PendingEvents).DefaultIfEmpty().Max();
    public IndexStatus? Latest => Samples.LastOrDefault().Status;

    /// <summary>The first answer whose appliedThrough reached the sequence, once one has; null until then.</summary>
    public (DateTimeOffset Seen, IndexStatus Status)? Reached(long sequence) =>
        Samples.Where(s => s.Status.AppliedThrough >= sequence).Select(s => ((DateTimeOffset, IndexStatus)?)s).FirstOrDefault();

    /// <summary>The first answer after the instant that had nothing pending.</summary>
    public (DateTimeOffset Seen, IndexStatus Status)? IdleAfter(DateTimeOffset after) =>
        Samples.Where(s => s.Seen > after && s.Status.PendingEvents == 0).Select(s => ((DateTimeOffset, IndexStatus)?)s).FirstOrDefault();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var status = await _api.IndexStatusAsync();
                lock (_samples) _samples.Add((DateTimeOffset.UtcNow, status));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref _errors) <= 3) Console.WriteLine($"  index status: {e.Message}");
            }
            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
