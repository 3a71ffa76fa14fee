using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Toex.Cases.Domain.Search;
using SearchRequest = Toex.Cases.Domain.Search.SearchRequest;

namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>The <see cref="SearchMatch"/> tree and the request's scope and filters in the query DSL.</summary>
internal static class ElasticsearchQuery
{
    /// <summary>
    /// How many indexed words the last word of a multi-word prefix phrase may stand for. A single
    /// prefix word uses a prefix query instead, which has no such limit.
    /// </summary>
    public const int PhrasePrefixExpansions = 200;

    public static Query Match(SearchMatch match) => match switch
    {
        SearchMatch.Sequence s => Sequence(s),
        SearchMatch.All a => new BoolQuery
        {
            // Exclusions of an AND are its must_not: "cash NOT test" is one bool, not a bool in a bool.
            Must = Optional(a.Parts.Where(p => p is not SearchMatch.Without).Select(Match)),
            MustNot = Optional(a.Parts.OfType<SearchMatch.Without>().Select(w => Match(w.Part))),
        },
        SearchMatch.Any o => new BoolQuery { Should = o.Parts.Select(Match).ToList(), MinimumShouldMatch = 1 },
        SearchMatch.Without w => new BoolQuery { MustNot = [Match(w.Part)] },
        _ => throw new ArgumentOutOfRangeException(nameof(match)),
    };

    public static Query Sequence(SearchMatch.Sequence s)
    {
        var words = string.Join(' ', s.Words);
        Query phrase = !s.Prefix
            ? new MatchPhraseQuery("terms", words) { Slop = 0 }
            : s.Words.Count == 1
                ? new PrefixQuery("terms", words)
                : new MatchPhrasePrefixQuery("terms", words) { MaxExpansions = PhrasePrefixExpansions };
        if (s.Identifier is null) return phrase;
        var should = new List<Query> { phrase };
        // Identifiers are ASCII letters and digits only, so nothing in them needs escaping for a wildcard.
        should.AddRange(SearchMatch.IdentifierForms(s.Identifier)
            .Select(form => (Query)new WildcardQuery("compact") { Value = $"*{form}*" }));
        return new BoolQuery { Should = should, MinimumShouldMatch = 1 };
    }

    /// <summary>What the caller may see: never scoring, so in the bool's filter.</summary>
    public static Query Scope(SearchScope scope)
    {
        if (scope.Everything) return new MatchAllQuery();
        if (scope.Region is not null) return new TermQuery("region", scope.Region);
        var should = new List<Query>();
        if (scope.Forces.Count > 0) should.Add(Terms("force", scope.Forces));
        if (scope.SharedOperations.Count > 0) should.Add(Terms("operationId", scope.SharedOperations.Select(o => o.ToString())));
        if (should.Count == 0) return new MatchNoneQuery();
        return should.Count == 1 ? should[0] : new BoolQuery { Should = should, MinimumShouldMatch = 1 };
    }

    public static List<Query> Filters(SearchRequest request)
    {
        var filters = new List<Query>();
        if (!request.Scope.Everything) filters.Add(Scope(request.Scope));
        if (request.OperationId is { } operation) filters.Add(new TermQuery("operationId", operation.ToString()));
        if (request.MaterialId is { } material) filters.Add(new TermQuery("materialId", material.ToString()));
        if (request.Kinds is { Count: > 0 } kinds) filters.Add(Terms("kind", kinds.Select(k => k.ToString())));
        if (request.Language is { } language) filters.Add(new TermQuery("language", language));
        if (request.From is not null || request.To is not null)
            filters.Add(new DateRangeQuery("at")
            {
                Gte = request.From is { } from ? DateMath.Anchored(from.UtcDateTime) : null,
                Lt = request.To is { } to ? DateMath.Anchored(to.UtcDateTime) : null,
            });
        return filters;
    }

    public static TermsQuery Terms(string field, IEnumerable<string> values) =>
        new() { Field = field, Terms = new TermsQueryField(values.Select(FieldValue.String).ToArray()) };

    private static List<Query>? Optional(IEnumerable<Query> queries)
    {
        var list = queries.ToList();
        return list.Count == 0 ? null : list;
    }
}
