using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Toex.Cases.Projections.Search;

/// <summary>
/// Feeds the live search index from the event store, page by page, in order (an asynchronous
/// projection, so appending never waits for indexing). The daemon records its progress; the index
/// records what it applied, which is what the status route reports as lag.
/// </summary>
public sealed class SearchProjection(SearchIndexer indexer) : IProjection
{
    public const string Name = "Search";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var changes = await SearchFeed.ChangesAsync(operations, events, cancellation);
        await indexer.ApplyLiveAsync(changes, events.Max(e => e.Sequence), cancellation);
    }
}
