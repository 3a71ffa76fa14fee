namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>How the Elasticsearch engine names its indices, writes and backs off.</summary>
public sealed record ElasticsearchSearchOptions
{
    /// <summary>The alias searches read; concrete indices are <c>{Alias}-v{n}</c>.</summary>
    public string Alias { get; init; } = "toex-search";

    /// <summary>
    /// Refresh after each <see cref="ElasticsearchSearchEngine.ApplyAsync"/>, so that what was written
    /// is searchable at once (tests and benchmarks); in production the index refreshes every second.
    /// </summary>
    public bool RefreshAfterWrite { get; init; }

    /// <summary>Attempts per request (the first included) while Elasticsearch answers 429 or 5xx.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first back-off; each further one doubles, up to <see cref="MaxBackOff"/>.</summary>
    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackOff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Operations per <c>_bulk</c> request.</summary>
    public int MaxBulkOperations { get; init; } = 1_000;

    /// <summary>Approximate bytes per <c>_bulk</c> request (Elasticsearch advises a few megabytes).</summary>
    public int MaxBulkBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Waits between attempts; tests pass one that does not sleep.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
