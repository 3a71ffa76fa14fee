using Toex.Cases.Domain.Search;

namespace Toex.Cases.Projections.Search;

/// <summary>
/// A search engine behind the search views: PostgreSQL (the embedded default) or Elasticsearch.
/// Both index <see cref="SearchDocument"/>s fed by the same subscription, match the folded words
/// of <see cref="SearchText"/> in the same way, and answer the same requests; one behavioural
/// suite runs against each. Indices are versioned: the live one is what searches read, and a
/// rebuild fills a new one and swaps it in atomically (an alias in Elasticsearch, a view in
/// PostgreSQL), so searching never stops.
/// </summary>
public interface ISearchEngine
{
    /// <summary>"PostgreSQL" or "Elasticsearch", as the status route reports it.</summary>
    string Name { get; }

    /// <summary>Creates the first index and makes it live when there is none; returns the live index's name.</summary>
    Task<string> EnsureLiveAsync(CancellationToken ct);

    /// <summary>Creates a new, empty index with the next version number, not yet live; returns its name.</summary>
    Task<string> CreateIndexAsync(CancellationToken ct);

    /// <summary>
    /// Applies changes to an index in the order given. Writing a document twice, or deleting one that
    /// is not there, changes nothing, so that a batch delivered again is harmless.
    /// </summary>
    Task ApplyAsync(string index, IReadOnlyList<SearchChange> changes, CancellationToken ct);

    /// <summary>Makes the index live in one atomic step and drops the one it replaces.</summary>
    Task SwapAsync(string index, CancellationToken ct);

    /// <summary>
    /// Searches the live index: the match, filtered to the request's scope and filters, in the
    /// request's order (newest first, oldest first, or relevance then newest then id), with the
    /// total counted exactly up to <see cref="SearchRequest.CountUpTo"/> and, when that count is
    /// exact, facets over every matching entry.
    /// </summary>
    Task<SearchResults> SearchAsync(SearchRequest request, SearchMatch match, CancellationToken ct);

    /// <summary>
    /// For each exhibit of the operation (or of those given) with lines or segments containing any
    /// keyword: how many such lines, and how many different keywords they contain; most hits first.
    /// </summary>
    Task<IReadOnlyList<MaterialKeywordHits>> KeywordHitsAsync(
        Guid operationId, IReadOnlyList<SearchMatch.Sequence> keywords, IReadOnlyList<Guid>? materialIds, CancellationToken ct);
}
