using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Projections.Operations;
using Toex.Cases.Projections.Search;

namespace Toex.Cases.Api.Search;

public sealed record SearchHitView(
    Guid Id, SearchKind Kind, Guid OperationId, Guid? MaterialId, string Text, string? TranslatedText, string? Language,
    DateTimeOffset At, double Score, Guid? RunId, double? Position, string? Label, IReadOnlyList<string> Highlights);

/// <summary>
/// A page of results. <c>Total</c> counts the matches exactly when <c>TotalRelation</c> is "eq", and
/// is a floor when it is "gte"; <c>Facets</c> (every match by kind, language and exhibit) are null
/// unless the total is exact (ask with exact=true); <c>Sort</c> is the order of the hits and of
/// <c>Next</c>, the cursor to the page after.
/// </summary>
public sealed record SearchPage(
    long Total, string TotalRelation, IReadOnlyList<SearchHitView> Hits, SearchFacets? Facets, string Sort, int Page, int PageSize, string? Next);

/// <summary>
/// Search across everything the caller may see: translated lines in both languages, transcript
/// segments, triage entities, findings, exhibits and operations. Filtering to the caller's forces
/// and shared operations happens in the engine, never after it.
/// </summary>
public static class Searching
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/search", Get).RequireAuthorization().WithTags("Search").WithName("Search")
            .WithSummary("Search: q (words, \"phrases\", prefix*, AND/OR/NOT, -word, parentheses) with operationId, materialId, "
                + "kind, language, from, to filters; sort newest (default), oldest or relevance; the total is counted exactly up to "
                + "Search:TrackTotalHits (1,000), then 'gte', and facets come with exact totals (exact=true counts every match); "
                + "page and pageSize up to 10,000 results, then follow 'next' (after=)")
            .Produces<SearchPage>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> Get(HttpContext http, IQuerySession session, SearchIndexer indexer, SearchSettings settings)
    {
        var query = http.Request.Query;
        var v = new Validation();
        SearchQuery? parsed = null;
        SearchMatch? match = null;
        if (string.IsNullOrWhiteSpace(query["q"])) v.Add("q", "Required: what to search for.");
        else
        {
            try
            {
                parsed = SearchQuery.Parse(query["q"].ToString());
                match = SearchMatch.From(parsed);
            }
            catch (SearchQueryException e)
            {
                return Problems.Problem(StatusCodes.Status400BadRequest, "The search query is not valid", e.Message,
                    new Dictionary<string, object?> { ["position"] = e.Position, ["errors"] = new Dictionary<string, string[]> { ["q"] = [e.Message] } });
            }
        }
        var operationId = QueryValues.Guid(v, query, "operationId");
        var materialId = QueryValues.Guid(v, query, "materialId");
        var kinds = new List<SearchKind>();
        foreach (var value in query["kind"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (QueryValues.TryName<SearchKind>(value, out var kind)) kinds.Add(kind);
            else v.Add("kind", $"'{value}' is not one of {string.Join(", ", Enum.GetNames<SearchKind>())}.");
        }
        var language = query["language"].ToString();
        if (language.Length > 0 && !(language.Length is >= 2 and <= 12 && language.All(c => char.IsAsciiLetter(c) || c == '-')))
            v.Add("language", "A language code such as en, ar or zh-Hans.");
        var from = QueryValues.Instant(v, query, "from");
        var to = QueryValues.Instant(v, query, "to");
        if (from is not null && to is not null && from >= to) v.Add("to", "Must be after 'from'.");
        var page = QueryValues.Int(v, query, "page", 1, 1, int.MaxValue);
        var pageSize = QueryValues.Int(v, query, "pageSize", 20, 1, SearchRequest.MaxPageSize);
        var sort = QueryValues.Enum(v, query, "sort", SearchSort.Newest);
        var exact = QueryValues.Bool(v, query, "exact");
        var after = Cursor.Parse(v, query["after"].ToString(), sort);
        if (v.IsValid && after is not null && query.ContainsKey("page")) v.Add("page", "Give either page or after, not both.");
        if (v.IsValid && (long)page * pageSize > SearchRequest.MaxWindow)
            v.Add("page", $"Page numbers reach the first {SearchRequest.MaxWindow:N0} results; to go further, follow 'next' with after=.");
        if (!v.IsValid) return v.Problem();

        var user = http.User.ToUser();
        var ct = http.RequestAborted;
        // Naming an operation or an exhibit narrows the search to one operation the caller was just
        // found to see, so its visibility is the whole scope (an exhibit of another operation than
        // the one named finds nothing, as the two filters say).
        SearchScope? narrowed = null;
        if (operationId is { } op)
        {
            if (await session.FindVisibleAsync(user, op, ct) is null) return Problems.NotFound("operation");
            narrowed = SearchScope.Operation(op);
        }
        if (materialId is { } material)
        {
            var details = await session.LoadAsync<MaterialDetails>(material, ct);
            if (details is null || await session.FindVisibleAsync(user, details.OperationId, ct) is null) return Problems.NotFound("material");
            narrowed ??= SearchScope.Operation(details.OperationId);
        }

        var scope = narrowed ?? await ScopeAsync(session, user, ct);
        var request = new SearchRequest(parsed!, scope, operationId, materialId, kinds,
            language.Length == 0 ? null : language, from, to, page, pageSize, after, sort, exact ? null : settings.TrackTotalHits);
        await indexer.EnsureReadyAsync(ct);
        var results = await indexer.Engine.SearchAsync(request, match!, ct);
        var hits = results.Hits.Select(h => new SearchHitView(h.Id, h.Kind, h.OperationId, h.MaterialId, h.Text, h.TranslatedText,
            h.Language, h.At, h.Score, h.RunId, h.Position, h.Label,
            [.. SearchHighlighter.Highlight(h.Text, match!), .. SearchHighlighter.Highlight(h.TranslatedText, match!),
             .. SearchHighlighter.Highlight(h.Label, match!)])).ToList();
        return TypedResults.Ok(new SearchPage(results.Total, results.TotalExact ? "eq" : "gte", hits, results.Facets,
            sort.ToString().ToLowerInvariant(), after is null ? page : 0, pageSize, results.Next is { } next ? Cursor.Format(next, sort) : null));
    }

    /// <summary>What the caller may see: their own force's operations and those shared with it; TOEX by region.</summary>
    public static async Task<SearchScope> ScopeAsync(IQuerySession session, User user, CancellationToken ct)
    {
        if (user.IsToex) return SearchScope.For(user, []);
        var shared = await session.QueryAsync(new OperationsSharedWithForce { Force = user.Force }, ct);
        return SearchScope.For(user, shared.ToList());
    }

    /// <summary>The opaque 'next' token: where the page ended, in the order it was asked for (which it names).</summary>
    private static class Cursor
    {
        public static string Format(SearchCursor cursor, SearchSort sort)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{sort}|{cursor.Score:R}|{cursor.At.UtcTicks}|{cursor.Id:N}");
            return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
        }

        public static SearchCursor? Parse(Validation v, string value, SearchSort sort)
        {
            if (value.Length == 0) return null;
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('|');
                if (parts.Length == 4
                    && QueryValues.TryName<SearchSort>(parts[0], out var made)
                    && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    && ticks is >= 0 and <= 3155378975999999999
                    && System.Guid.TryParseExact(parts[3], "N", out var id))
                {
                    if (made == sort) return new SearchCursor(score, new DateTimeOffset(ticks, TimeSpan.Zero), id);
                    v.Add("after", $"This cursor continues a search sorted by {made.ToString().ToLowerInvariant()}; ask with the same sort.");
                    return null;
                }
            }
            catch (FormatException)
            {
            }
            v.Add("after", "Not a cursor this search returned; pass the 'next' value as it came.");
            return null;
        }
    }
}
