using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search.Elasticsearch;

namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

public sealed class ElasticsearchKeywordHitsTests
{
    private static readonly Guid Operation = Guid.Parse("0193a5a0-0000-7000-8000-0000000000aa");
    private static readonly Guid First = Guid.Parse("0193a5a0-0000-7000-8000-0000000000b1");
    private static readonly Guid Second = Guid.Parse("0193a5a0-0000-7000-8000-0000000000b2");
    private static readonly Guid Third = Guid.Parse("0193a5a0-0000-7000-8000-0000000000b3");

    private static IReadOnlyList<SearchMatch.Sequence> Keywords(params string[] keywords) =>
        keywords.Select(k => SearchMatch.ForKeyword(k)!).ToList();

    private static string Bucket(Guid material, int hits, params int[] perKeyword) =>
        $$"""{"key":"{{material}}","doc_count":{{hits}},"filters#keywords":{"buckets":[""" +
        string.Join(",", perKeyword.Select((count, i) => $$"""{"key":"k{{i}}","doc_count":{{count}}}""")) + "]}}";

    private static string Answer(params string[] buckets) =>
        """
        {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
         "aggregations":{"sterms#materials":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[BUCKETS]}}}
        """.Replace("BUCKETS", string.Join(",", buckets));

    [Fact]
    public async Task lines_and_segments_of_the_operation_with_any_keyword_are_counted_per_exhibit_with_one_filter_per_keyword()
    {
        var es = new ScriptedElasticsearch().Answer(Answer());

        await es.Engine.KeywordHitsAsync(Operation, Keywords("cash", "Crypto Wallet", "07700900123"), [First, Second], default);

        var sent = Assert.Single(es.Requests);
        Assert.Equal("POST toex-search/_search?typed_keys=true", $"{sent.Method} {sent.Path}");
        var body = sent.Json;
        Assert.Equal(0, (int)body["size"]!);
        const string cash = """{"match_phrase":{"terms":{"query":"cash","slop":0}}}""";
        const string wallet = """{"match_phrase":{"terms":{"query":"crypto wallet","slop":0}}}""";
        const string phone = """
            {"bool":{"minimum_should_match":1,"should":[
              {"match_phrase":{"terms":{"query":"07700900123","slop":0}}},
              {"wildcard":{"compact":{"value":"*07700900123*"}}},
              {"wildcard":{"compact":{"value":"*447700900123*"}}}]}}
            """;
        EsJson.Equal("""
            {"bool":{
              "filter":[
                {"term":{"operationId":{"value":"OPERATION"}}},
                {"terms":{"kind":["Translation","TranscriptSegment"]}},
                {"terms":{"materialId":["FIRST","SECOND"]}}],
              "minimum_should_match":1,
              "should":[CASH,WALLET,PHONE]}}
            """.Replace("OPERATION", Operation.ToString()).Replace("FIRST", First.ToString()).Replace("SECOND", Second.ToString())
            .Replace("CASH", cash).Replace("WALLET", wallet).Replace("PHONE", phone), body["query"]);
        EsJson.Equal("""
            {"materials":{
              "terms":{"field":"materialId","size":10000},
              "aggregations":{"keywords":{"filters":{"filters":{"k0":CASH,"k1":WALLET,"k2":PHONE},"keyed":false}}}}}
            """.Replace("CASH", cash).Replace("WALLET", wallet).Replace("PHONE", phone), body["aggregations"]);
    }

    [Fact]
    public async Task without_exhibits_given_every_exhibit_of_the_operation_counts()
    {
        var es = new ScriptedElasticsearch().Answer(Answer());

        await es.Engine.KeywordHitsAsync(Operation, Keywords("cash"), null, default);

        var filter = es.Requests[0].Json["query"]!["bool"]!["filter"]!.AsArray();
        Assert.Equal(2, filter.Count);
    }

    [Fact]
    public async Task hits_are_the_exhibits_matching_entries_and_distinct_keywords_those_found_at_all_most_hits_first()
    {
        var es = new ScriptedElasticsearch().Answer(Answer(
            Bucket(Third, 5, 5, 0, 1),
            Bucket(Second, 9, 9, 0, 0),
            Bucket(First, 5, 3, 2, 0)));

        var hits = await es.Engine.KeywordHitsAsync(Operation, Keywords("cash", "wallet", "card"), null, default);

        Assert.Equal([new MaterialKeywordHits(Second, 9, 1), new MaterialKeywordHits(First, 5, 2), new MaterialKeywordHits(Third, 5, 2)], hits);
    }

    [Fact]
    public async Task no_keywords_or_an_empty_list_of_exhibits_asks_nothing()
    {
        var es = new ScriptedElasticsearch();

        Assert.Empty(await es.Engine.KeywordHitsAsync(Operation, [], null, default));
        Assert.Empty(await es.Engine.KeywordHitsAsync(Operation, Keywords("cash"), [], default));
        Assert.Empty(es.Requests);
    }

    [Fact]
    public async Task a_failed_count_throws()
    {
        var es = new ScriptedElasticsearch().Answer(400, EsJson.SearchPhaseFailure);

        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(
            () => es.Engine.KeywordHitsAsync(Operation, Keywords("cash"), null, default));

        Assert.Contains("search_phase_execution_exception", error.Message);
    }
}
