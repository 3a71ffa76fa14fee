namespace Toex.Cases.Projections.Search.Postgres;

/// <summary>
/// Admission control for searches against the embedded engine: at most <see cref="Limit"/> run in
/// PostgreSQL at once; the rest wait here, first come first served, until one finishes (or their
/// request is cancelled). PostgreSQL runs one backend per query and shares the cores between them, so
/// more searches at once than there are cores only interleave: each takes longer, the slowest much
/// longer, and the tool runs and the feed writing beside them lose their share. A search waiting
/// here holds no connection and costs nothing (docs/adr/0011-search-views.md).
/// </summary>
public sealed class QueryGate
{
    private readonly SemaphoreSlim slots;
    private int waiting;

    public QueryGate(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        slots = new SemaphoreSlim(limit, limit);
    }

    /// <summary>One slot per core of this machine: the default when PostgreSQL runs beside the API.</summary>
    public static QueryGate PerCore() => new(Environment.ProcessorCount);

    public int Limit { get; }

    /// <summary>Searches running now.</summary>
    public int Running => Limit - slots.CurrentCount;

    /// <summary>Searches waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Waits for a slot; disposing the result gives it back.</summary>
    public async ValueTask<Slot> EnterAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref waiting);
        try
        {
            await slots.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
        return new Slot(slots);
    }

    public readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
