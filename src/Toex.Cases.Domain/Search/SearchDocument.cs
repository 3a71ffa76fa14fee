namespace Toex.Cases.Domain.Search;

/// <summary>What a search hit is: one line, segment, entity, finding, exhibit or operation.</summary>
public enum SearchKind { Translation, TranscriptSegment, Entity, Finding, Material, Operation }

/// <summary>
/// One entry in a search view, keyed by the id of what it shows (the artefact, finding, exhibit or
/// operation), so that writing it twice changes nothing. <see cref="Force"/> and <see cref="Region"/>
/// are the owning operation's, for filtering to what a caller may see on the server; sharing is
/// applied at query time (<see cref="SearchScope"/>), so that sharing an operation rewrites nothing.
/// </summary>
/// <param name="Text">The original text (message, segment, entity value, summary, description).</param>
/// <param name="TranslatedText">The translation, for translation artefacts only.</param>
/// <param name="Language">The language of <see cref="Text"/> where a tool told us (ISO 639-1).</param>
/// <param name="RunId">The tool run that produced an artefact; a retracted run takes its artefacts with it.</param>
/// <param name="Position">Line number or start second within the exhibit, for artefacts.</param>
/// <param name="Label">A short title: the exhibit reference, operation name, entity type or finding kind.</param>
public sealed record SearchDocument(
    Guid Id, SearchKind Kind, Guid OperationId, Guid? MaterialId, string Force, string Region,
    string Text, string? TranslatedText, string? Language, DateTimeOffset At, Guid? RunId = null, double? Position = null,
    string? Label = null);

/// <summary>A change to a search view, in event order.</summary>
public abstract record SearchChange
{
    public sealed record Upsert(SearchDocument Document) : SearchChange;

    public sealed record Delete(Guid Id) : SearchChange;

    /// <summary>Every artefact of a tool run leaves the view (the run was retracted).</summary>
    public sealed record DeleteRun(Guid RunId) : SearchChange;
}

/// <summary>
/// What the caller may see, resolved before the engine is asked: an operation is visible to its
/// owning force, to forces it was shared with, to the TOEX team of its region and to national TOEX.
/// </summary>
/// <param name="Forces">Owning forces whose operations are visible (the caller's own); empty for TOEX.</param>
/// <param name="Regions">For a regional TOEX user, their region; null when not TOEX.</param>
/// <param name="Everything">National TOEX: every operation.</param>
/// <param name="SharedOperations">Operations of other forces shared with the caller's force.</param>
public sealed record SearchScope(
    IReadOnlyList<string> Forces, string? Region, bool Everything, IReadOnlyList<Guid> SharedOperations)
{
    public static SearchScope For(Access.User user, IReadOnlyList<Guid> sharedWithForce) => user.IsToex
        ? new SearchScope([], user.Region, user.Region is null, [])
        : new SearchScope([user.Force], null, false, sharedWithForce);

    /// <summary>
    /// One operation the caller was found to see (by its owning force, sharing or TOEX region):
    /// a search that names an operation or exhibit needs no other scope, nor the lookup of the
    /// operations shared with the caller's force.
    /// </summary>
    public static SearchScope Operation(Guid operationId) => new([], null, false, [operationId]);
}

/// <summary>How hits are ordered: newest first (the default), oldest first, or by relevance.</summary>
public enum SearchSort { Newest, Oldest, Relevance }

/// <summary>A search as the engines receive it: the parsed query, filters, order, and a page or a cursor.</summary>
/// <param name="CountUpTo">
/// Count matches exactly up to this many, then say "at least" (Elasticsearch's
/// <c>track_total_hits</c>); null counts every match. Facets are given only when the count is exact.
/// </param>
public sealed record SearchRequest(
    SearchQuery Query, SearchScope Scope,
    Guid? OperationId = null, Guid? MaterialId = null, IReadOnlyList<SearchKind>? Kinds = null, string? Language = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null,
    int Page = 1, int PageSize = 20, SearchCursor? After = null,
    SearchSort Sort = SearchSort.Newest, int? CountUpTo = SearchRequest.DefaultCountUpTo)
{
    /// <summary>How deep page numbers go (page × pageSize); past it, callers follow <c>next</c> cursors.</summary>
    public const int MaxWindow = 10_000;
    public const int MaxPageSize = 100;

    /// <summary>How many matches are counted exactly unless configured (<c>Search:TrackTotalHits</c>) or asked (<c>exact=true</c>).</summary>
    public const int DefaultCountUpTo = 1_000;
}

/// <summary>
/// Where a page ended, to continue after it: time then id for <see cref="SearchSort.Newest"/> and
/// <see cref="SearchSort.Oldest"/>; score, then newest, then id for <see cref="SearchSort.Relevance"/>.
/// </summary>
public sealed record SearchCursor(double Score, DateTimeOffset At, Guid Id);

public sealed record SearchHit(
    Guid Id, SearchKind Kind, Guid OperationId, Guid? MaterialId, string Text, string? TranslatedText, string? Language,
    DateTimeOffset At, double Score, Guid? RunId, double? Position, string? Label);

/// <summary>Counts of all matching entries (not just the page) by kind, language and exhibit.</summary>
public sealed record SearchFacets(
    IReadOnlyDictionary<string, long> Kind, IReadOnlyDictionary<string, long> Language, IReadOnlyDictionary<string, long> MaterialId);

/// <param name="Total">Matches counted: all of them when <paramref name="TotalExact"/>, else at least this many.</param>
/// <param name="Facets">Counts over every match; null when the total is not exact.</param>
public sealed record SearchResults(long Total, bool TotalExact, IReadOnlyList<SearchHit> Hits, SearchFacets? Facets, SearchCursor? Next);

/// <summary>Keyword triage: how many entries of one exhibit contain any of the keywords, and how many different keywords.</summary>
public sealed record MaterialKeywordHits(Guid MaterialId, long Hits, int DistinctKeywords);
