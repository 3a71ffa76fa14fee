using System.Globalization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Toex.Cases.Domain.Search;
using SearchRequest = Toex.Cases.Domain.Search.SearchRequest;

namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>
/// The search port on Elasticsearch: versioned indices <c>{alias}-v{n}</c> behind one alias, the
/// folded words of <see cref="SearchText"/> matched as phrases on a whitespace-analysed field, and
/// writes in bulk with back-off when the cluster pushes back.
/// </summary>
public sealed class ElasticsearchSearchEngine(ElasticsearchClient client, ElasticsearchSearchOptions? options = null) : ISearchEngine
{
    private const int LanguageAndKindBuckets = 100;
    private const int MaterialBuckets = 1_000;
    private const int KeywordMaterialBuckets = 10_000;

    // The engine decides what to retry and what to report, so the client must hand back every
    // response rather than throw; Retry-After is only parsed from responses when asked for.
    private static readonly RequestConfiguration Requests = new()
    {
        ThrowExceptions = false,
        ResponseHeadersToParse = new HeadersList("Retry-After"),
    };

    private readonly ElasticsearchSearchOptions _options = options ?? new ElasticsearchSearchOptions();

    public string Name => "Elasticsearch";

    private string Alias => _options.Alias;

    public async Task<string> EnsureLiveAsync(CancellationToken ct)
    {
        var live = await LiveIndicesAsync(ct);
        if (live.Count > 0) return live[^1];
        var index = await NextIndexAsync(ct);
        var create = ElasticsearchMapping.CreateIndex(index);
        // Created with its alias in one request, so there is never a live alias without an index.
        create.Aliases = new Dictionary<Name, Alias> { [Alias] = new Alias() };
        create.RequestConfiguration = Requests;
        var response = await client.Indices.CreateAsync(create, ct);
        if (response.IsValidResponse) return index;
        if (ErrorType(response) == "resource_already_exists_exception")
        {
            // Another instance made it first: use whatever it made live.
            live = await LiveIndicesAsync(ct);
            if (live.Count > 0) return live[^1];
        }
        throw Failure($"create the live index {index}", response);
    }

    public async Task<string> CreateIndexAsync(CancellationToken ct)
    {
        var index = await NextIndexAsync(ct);
        var create = ElasticsearchMapping.CreateIndex(index);
        create.RequestConfiguration = Requests;
        var response = await client.Indices.CreateAsync(create, ct);
        if (!response.IsValidResponse) throw Failure($"create index {index}", response);
        return index;
    }

    public async Task SwapAsync(string index, CancellationToken ct)
    {
        var old = (await LiveIndicesAsync(ct)).Where(i => i != index).ToList();
        var actions = old
            .Select(i => (IndexUpdateAliasesAction)new RemoveAction { Index = i, Alias = Alias })
            .Append(new AddAction { Index = index, Alias = Alias })
            .ToList();
        // One request: Elasticsearch applies all its actions atomically, so searches see the old
        // index or the new one, never neither.
        var swap = await client.Indices.UpdateAliasesAsync(
            new UpdateAliasesRequest { Actions = actions, RequestConfiguration = Requests }, ct);
        if (!swap.IsValidResponse) throw Failure($"make {index} live", swap);
        foreach (var previous in old)
        {
            var delete = await client.Indices.DeleteAsync(new DeleteIndexRequest(previous) { RequestConfiguration = Requests }, ct);
            if (!delete.IsValidResponse && delete.ApiCallDetails.HttpStatusCode != 404)
                throw Failure($"delete the replaced index {previous}", delete);
        }
    }

    public async Task ApplyAsync(string index, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        var pending = new List<BulkItem>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case SearchChange.Upsert u:
                    pending.Add(new BulkItem(u.Document.Id.ToString(), ElasticsearchDocument.From(u.Document)));
                    break;
                case SearchChange.Delete d:
                    pending.Add(new BulkItem(d.Id.ToString(), null));
                    break;
                case SearchChange.DeleteRun r:
                    await WriteAsync(index, pending, ct);
                    pending.Clear();
                    await DeleteRunAsync(index, r.RunId, ct);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(changes), change, "Unknown search change.");
            }
        }
        await WriteAsync(index, pending, ct);
        if (_options.RefreshAfterWrite) await RefreshAsync(index, ct);
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, SearchMatch match, CancellationToken ct)
    {
        var filters = ElasticsearchQuery.Filters(request);
        var search = new Elastic.Clients.Elasticsearch.SearchRequest(Alias)
        {
            Query = new BoolQuery { Must = [ElasticsearchQuery.Match(match)], Filter = filters.Count > 0 ? filters : null },
            Size = request.PageSize,
            From = request.After is null ? (request.Page - 1) * request.PageSize : 0,
            SearchAfter = request.After is { } after ? SearchAfter(request.Sort, after) : null,
            Sort = Order(request.Sort),
            TrackScores = true,
            TrackTotalHits = request.CountUpTo is { } upTo ? new TrackHits(upTo) : new TrackHits(true),
            Source = new SourceFilter { Excludes = new[] { "terms", "compact" } },
            Aggregations = new Dictionary<string, Aggregation>
            {
                ["kind"] = new TermsAggregation { Field = "kind", Size = LanguageAndKindBuckets },
                ["language"] = new TermsAggregation { Field = "language", Size = LanguageAndKindBuckets },
                ["materialId"] = new TermsAggregation { Field = "materialId", Size = MaterialBuckets },
            },
            RequestConfiguration = Requests,
        };
        var response = await client.SearchAsync<ElasticsearchDocument>(search, ct);
        if (!response.IsValidResponse) throw Failure("search", response);

        var hits = response.Hits
            .Select(h => (h.Source ?? throw new ElasticsearchRequestException($"Search hit {h.Id} came back without its source."))
                .ToHit(h.Score ?? 0))
            .ToList();
        // Aggregations count every match; they are given only with an exact total, as the PostgreSQL engine gives them.
        var (total, exact) = response.HitsMetadata?.Total is { } counted ? Total(counted) : (hits.Count, true);
        var facets = exact
            ? new SearchFacets(
                Buckets(response.Aggregations, "kind"), Buckets(response.Aggregations, "language"), Buckets(response.Aggregations, "materialId"))
            : null;
        SearchCursor? next = null;
        if (hits.Count == request.PageSize && hits.Count > 0)
        {
            var last = response.Hits.Last();
            next = new SearchCursor(hits[^1].Score, SortedAt(last, request.Sort) ?? hits[^1].At, hits[^1].Id);
        }
        return new SearchResults(total, exact, hits, facets, next);
    }

    /// <summary>The engines' common orders: time then id (newest or oldest first), or score, then newest, then id.</summary>
    private static ICollection<SortOptions> Order(SearchSort sort) => sort switch
    {
        SearchSort.Relevance =>
        [
            new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } },
            new FieldSort("at") { Order = SortOrder.Desc },
            new FieldSort("id") { Order = SortOrder.Asc },
        ],
        _ =>
        [
            new FieldSort("at") { Order = sort == SearchSort.Newest ? SortOrder.Desc : SortOrder.Asc },
            new FieldSort("id") { Order = sort == SearchSort.Newest ? SortOrder.Desc : SortOrder.Asc },
        ],
    };

    private static ICollection<FieldValue> SearchAfter(SearchSort sort, SearchCursor after) => sort == SearchSort.Relevance
        ? [FieldValue.Double(after.Score), FieldValue.Long(after.At.ToUnixTimeMilliseconds()), FieldValue.String(after.Id.ToString())]
        : [FieldValue.Long(after.At.ToUnixTimeMilliseconds()), FieldValue.String(after.Id.ToString())];

    public async Task<IReadOnlyList<MaterialKeywordHits>> KeywordHitsAsync(
        Guid operationId, IReadOnlyList<SearchMatch.Sequence> keywords, IReadOnlyList<Guid>? materialIds, CancellationToken ct)
    {
        if (keywords.Count == 0 || materialIds is { Count: 0 }) return [];
        var filters = new List<Query>
        {
            new TermQuery("operationId", operationId.ToString()),
            ElasticsearchQuery.Terms("kind", [nameof(SearchKind.Translation), nameof(SearchKind.TranscriptSegment)]),
        };
        if (materialIds is not null) filters.Add(ElasticsearchQuery.Terms("materialId", materialIds.Select(m => m.ToString())));
        var perKeyword = keywords.Select((k, i) => (Name: KeywordName(i), Query: ElasticsearchQuery.Sequence(k))).ToList();
        var search = new Elastic.Clients.Elasticsearch.SearchRequest(Alias)
        {
            Query = new BoolQuery { Filter = filters, Should = perKeyword.Select(k => k.Query).ToList(), MinimumShouldMatch = 1 },
            Size = 0,
            Aggregations = new Dictionary<string, Aggregation>
            {
                ["materials"] = new Aggregation
                {
                    Terms = new TermsAggregation { Field = "materialId", Size = KeywordMaterialBuckets },
                    Aggregations = new Dictionary<string, Aggregation>
                    {
                        ["keywords"] = new FiltersAggregation
                        {
                            Filters = new Buckets<Query>(perKeyword.ToDictionary(k => k.Name, k => k.Query)),
                        },
                    },
                },
            },
            RequestConfiguration = Requests,
        };
        var response = await client.SearchAsync<ElasticsearchDocument>(search, ct);
        if (!response.IsValidResponse) throw Failure("count keyword hits", response);

        var materials = response.Aggregations?.GetStringTerms("materials")?.Buckets ?? [];
        return materials
            .Select(b => new MaterialKeywordHits(
                Guid.Parse(KeyOf(b.Key)),
                b.DocCount,
                b.Aggregations?.GetFilters("keywords")?.Buckets.Count(k => k.DocCount > 0) ?? 0))
            .OrderByDescending(h => h.Hits)
            .ThenBy(h => h.MaterialId)
            .ToList();
    }

    private static string KeywordName(int i) => "k" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The indices the alias points at, oldest version first (normally one).</summary>
    private async Task<List<string>> LiveIndicesAsync(CancellationToken ct)
    {
        var response = await client.Indices.GetAliasAsync(new GetAliasRequest((Names)Alias) { RequestConfiguration = Requests }, ct);
        if (response.ApiCallDetails.HttpStatusCode == 404) return [];
        if (!response.IsValidResponse) throw Failure($"read the alias {Alias}", response);
        return (response.Aliases?.Keys ?? []).OrderBy(Version).ToList();
    }

    /// <summary>One past the highest version that exists, live or not, so a name is never reused.</summary>
    private async Task<string> NextIndexAsync(CancellationToken ct)
    {
        var response = await client.Indices.GetAsync(
            new GetIndexRequest(Indices.Parse($"{Alias}-v*"))
            {
                AllowNoIndices = true,
                IgnoreUnavailable = true,
                Features = [Feature.Aliases],
                RequestConfiguration = Requests,
            }, ct);
        if (!response.IsValidResponse && response.ApiCallDetails.HttpStatusCode != 404)
            throw Failure($"list the {Alias} indices", response);
        var highest = response.Indices?.Keys.Select(Version).DefaultIfEmpty(0).Max() ?? 0;
        return $"{Alias}-v{(highest + 1).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The n of <c>{alias}-v{n}</c>; 0 for a name of another shape that the wildcard caught.</summary>
    private int Version(string index)
    {
        var prefix = Alias + "-v";
        return index.StartsWith(prefix, StringComparison.Ordinal)
               && int.TryParse(index.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : 0;
    }

    private sealed record BulkItem(string Id, ElasticsearchDocument? Document);

    private async Task WriteAsync(string index, List<BulkItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        // Each item replaces or removes a whole entry, so only the last one per id counts. Keeping
        // just that one means a retried item can never overtake a later item for the same id.
        var last = new Dictionary<string, int>();
        for (var i = 0; i < items.Count; i++) last[items[i].Id] = i;
        var chunk = new List<BulkItem>();
        var bytes = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (last[items[i].Id] != i) continue;
            var size = items[i].Document?.EstimatedBytes() ?? 128;
            if (chunk.Count > 0 && (chunk.Count >= _options.MaxBulkOperations || bytes + size > _options.MaxBulkBytes))
            {
                await BulkAsync(index, chunk, ct);
                chunk = [];
                bytes = 0;
            }
            chunk.Add(items[i]);
            bytes += size;
        }
        await BulkAsync(index, chunk, ct);
    }

    private async Task BulkAsync(string index, List<BulkItem> items, CancellationToken ct)
    {
        var remaining = items;
        for (var attempt = 1; ; attempt++)
        {
            var request = new BulkRequest(index)
            {
                Operations = new BulkOperationsCollection(remaining.Select(Operation)),
                RequestConfiguration = Requests,
            };
            var response = await client.BulkAsync(request, ct);
            if (!response.ApiCallDetails.HasSuccessfulStatusCode)
            {
                if (!Retryable(response) || attempt >= _options.MaxAttempts)
                    throw Failure($"write {remaining.Count} entries to {index}", response, attempt);
                await BackOffAsync(attempt, response, ct);
                continue;
            }

            var results = response.Items.ToList();
            if (results.Count != remaining.Count)
                throw new ElasticsearchRequestException(
                    $"Elasticsearch answered {results.Count} items to a bulk request of {remaining.Count} for {index}.");
            var rejected = new List<BulkItem>();
            for (var i = 0; i < results.Count; i++)
            {
                var (item, result) = (remaining[i], results[i]);
                if (result.Status is >= 200 and < 300) continue;
                // Deleting what is not there is what a redelivered batch does: not an error.
                if (item.Document is null && result.Status == 404) continue;
                if (result.Status == 429) { rejected.Add(item); continue; }
                throw new ElasticsearchRequestException(
                    $"Elasticsearch refused to {(item.Document is null ? "delete" : "index")} search entry {item.Id} in {index}: " +
                    $"{result.Error?.Type ?? "error"}: {result.Error?.Reason ?? "no reason given"} (status {result.Status}).");
            }
            if (rejected.Count == 0) return;
            if (attempt >= _options.MaxAttempts)
                throw new ElasticsearchRequestException(
                    $"Elasticsearch still rejected {rejected.Count} entries for {index} (first: {rejected[0].Id}) after {attempt} attempts.");
            remaining = rejected;
            await BackOffAsync(attempt, null, ct);
        }
    }

    private static IBulkOperation Operation(BulkItem item) => item.Document is { } document
        ? new BulkIndexOperation<ElasticsearchDocument>(document) { Id = item.Id }
        : new BulkDeleteOperation(item.Id);

    private async Task DeleteRunAsync(string index, Guid runId, CancellationToken ct)
    {
        // Delete-by-query finds what searches find; entries written since the last refresh must be
        // made visible first, or a run retracted soon after it was indexed would leave entries behind.
        await RefreshAsync(index, ct);
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.DeleteByQueryAsync(
                new DeleteByQueryRequest(index)
                {
                    Query = new TermQuery("runId", runId.ToString()),
                    Conflicts = Conflicts.Proceed,
                    Refresh = true,
                    RequestConfiguration = Requests,
                }, ct);
            if (response.IsValidResponse)
            {
                if (response.Failures is { Count: > 0 } failures)
                    throw new ElasticsearchRequestException(
                        $"Elasticsearch failed to delete {failures.Count} entries of run {runId} from {index}: " +
                        $"{failures.First().Cause.Type}: {failures.First().Cause.Reason}.");
                return;
            }
            if (!Retryable(response) || attempt >= _options.MaxAttempts)
                throw Failure($"delete the entries of run {runId} from {index}", response, attempt);
            await BackOffAsync(attempt, response, ct);
        }
    }

    private async Task RefreshAsync(string index, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.Indices.RefreshAsync(new RefreshRequest(index) { RequestConfiguration = Requests }, ct);
            if (response.IsValidResponse) return;
            if (!Retryable(response) || attempt >= _options.MaxAttempts) throw Failure($"refresh {index}", response, attempt);
            await BackOffAsync(attempt, response, ct);
        }
    }

    /// <summary>Too many requests, or the cluster failing for now (no answer at all counts as that).</summary>
    private static bool Retryable(ElasticsearchResponse response) =>
        response.ApiCallDetails.HttpStatusCode is null or 429 or >= 500;

    private async Task BackOffAsync(int attempt, ElasticsearchResponse? response, CancellationToken ct)
    {
        var doubling = TimeSpan.FromTicks(_options.FirstBackOff.Ticks * (1L << Math.Min(attempt - 1, 20)));
        var delay = doubling < _options.MaxBackOff ? doubling : _options.MaxBackOff;
        if (response is not null && RetryAfter(response) is { } asked && asked > delay) delay = asked < _options.MaxBackOff ? asked : _options.MaxBackOff;
        await _options.Delay(delay, ct);
    }

    private static TimeSpan? RetryAfter(ElasticsearchResponse response)
    {
        if (!response.ApiCallDetails.TryGetHeader("Retry-After", out var values)) return null;
        var value = values.FirstOrDefault()?.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string? ErrorType(ElasticsearchResponse response) => response.ElasticsearchServerError?.Error?.Type;

    private static ElasticsearchRequestException Failure(string what, ElasticsearchResponse response, int attempts = 1)
    {
        var details = response.ApiCallDetails;
        var error = response.ElasticsearchServerError?.Error;
        var reason = error is not null
            ? $"{error.Type}: {error.Reason}" + (error.RootCause?.FirstOrDefault() is { } root && root.Reason != error.Reason ? $" ({root.Type}: {root.Reason})" : "")
            : details.OriginalException?.Message ?? "no error given";
        var tries = attempts > 1 ? $" after {attempts} attempts" : "";
        return new ElasticsearchRequestException(
            $"Elasticsearch could not {what}{tries}: status {details.HttpStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {reason}.",
            details.OriginalException);
    }

    private static (long Total, bool Exact) Total(Union<TotalHits, long> total) =>
        total.Match(hits => (hits?.Value ?? 0, hits?.Relation != TotalHitsRelation.Gte), count => (count, true));

    /// <summary>The time the hit was sorted by (milliseconds, as Elasticsearch compares them), for the cursor.</summary>
    private static DateTimeOffset? SortedAt(Hit<ElasticsearchDocument> hit, SearchSort order) =>
        hit.Sort is { } sort && sort.Count == (order == SearchSort.Relevance ? 3 : 2)
        && sort.ElementAt(order == SearchSort.Relevance ? 1 : 0).TryGetLong(out var millis) && millis is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static IReadOnlyDictionary<string, long> Buckets(AggregateDictionary? aggregations, string name) =>
        aggregations?.GetStringTerms(name)?.Buckets.ToDictionary(b => KeyOf(b.Key), b => b.DocCount) ?? new Dictionary<string, long>();

    private static string KeyOf(FieldValue key) =>
        key.TryGetString(out var text) && text is not null ? text : key.ToString();
}
