using System.Text.Json.Nodes;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search.Elasticsearch;

namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

public sealed class ElasticsearchSearchTests
{
    private static readonly Guid Operation = Guid.Parse("0193a5a0-0000-7000-8000-0000000000aa");
    private static readonly Guid Shared = Guid.Parse("0193a5a0-0000-7000-8000-0000000000ab");
    private static readonly Guid Material = Guid.Parse("0193a5a0-0000-7000-8000-0000000000bb");
    private static readonly SearchScope OwnForce = new(["Kent"], null, false, []);

    private static Guid Id(int n) => Guid.Parse($"0193a5a0-0000-7000-8000-{n:D12}");

    private static SearchRequest Request(SearchScope? scope = null) => new(new SearchQuery.Term("cash"), scope ?? OwnForce);

    private static SearchMatch Match(string query) => SearchMatch.From(SearchQuery.Parse(query));

    /// <summary>Runs a search against an empty answer and returns the body sent.</summary>
    private static async Task<JsonNode> Sent(SearchRequest request, SearchMatch match)
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.EmptySearch);
        await es.Engine.SearchAsync(request, match, default);
        var sent = Assert.Single(es.Requests);
        Assert.Equal("POST toex-search/_search?typed_keys=true", $"{sent.Method} {sent.Path}");
        return sent.Json;
    }

    private static async Task<JsonNode?> SentMatch(string query) => (await Sent(Request(), Match(query)))["query"]!["bool"]!["must"];

    private static async Task<JsonNode?> SentFilter(SearchRequest request) => (await Sent(request, Match("cash")))["query"]!["bool"]!["filter"];

    [Fact]
    public async Task words_are_a_phrase_of_folded_words_on_terms_with_no_slop()
    {
        EsJson.Equal("""{"match_phrase":{"terms":{"query":"new girls","slop":0}}}""", await SentMatch("\"New GIRLS\""));
        EsJson.Equal("""{"match_phrase":{"terms":{"query":"emile","slop":0}}}""", await SentMatch("Émile"));
    }

    [Fact]
    public async Task a_single_word_prefix_is_a_prefix_query_and_a_phrase_ending_in_one_a_phrase_prefix()
    {
        EsJson.Equal("""{"prefix":{"terms":{"value":"crypt"}}}""", await SentMatch("Crypt*"));
        EsJson.Equal("""{"match_phrase_prefix":{"terms":{"query":"e mai","max_expansions":200}}}""", await SentMatch("e-mai*"));
    }

    [Fact]
    public async Task an_identifier_also_matches_inside_the_compacted_text_in_both_uk_forms()
    {
        EsJson.Equal("""
            {"bool":{"minimum_should_match":1,"should":[
              {"match_phrase":{"terms":{"query":"07700900123","slop":0}}},
              {"wildcard":{"compact":{"value":"*07700900123*"}}},
              {"wildcard":{"compact":{"value":"*447700900123*"}}}]}}
            """, await SentMatch("07700900123"));
    }

    [Fact]
    public async Task and_or_and_not_become_must_should_and_must_not()
    {
        EsJson.Equal("""
            {"bool":{
              "must":[
                {"match_phrase":{"terms":{"query":"cash","slop":0}}},
                {"bool":{"minimum_should_match":1,"should":[
                  {"match_phrase":{"terms":{"query":"bitcoin","slop":0}}},
                  {"prefix":{"terms":{"value":"crypt"}}}]}}],
              "must_not":{"match_phrase":{"terms":{"query":"test","slop":0}}}}}
            """, await SentMatch("cash (bitcoin OR crypt*) NOT test"));
    }

    [Fact]
    public async Task an_exclusion_inside_an_alternative_is_a_bool_of_its_own()
    {
        var match = new SearchMatch.Any([
            new SearchMatch.Sequence(["cash"], false, null),
            new SearchMatch.All([new SearchMatch.Sequence(["card"], false, null), new SearchMatch.Without(new SearchMatch.Sequence(["test"], false, null))]),
        ]);

        var must = (await Sent(Request(), match))["query"]!["bool"]!["must"];

        EsJson.Equal("""
            {"bool":{"minimum_should_match":1,"should":[
              {"match_phrase":{"terms":{"query":"cash","slop":0}}},
              {"bool":{"must":{"match_phrase":{"terms":{"query":"card","slop":0}}},"must_not":{"match_phrase":{"terms":{"query":"test","slop":0}}}}}]}}
            """, must);
    }

    [Fact]
    public async Task a_force_user_sees_their_force_and_the_operations_shared_with_it()
    {
        EsJson.Equal($$$"""
            {"bool":{"minimum_should_match":1,"should":[{"terms":{"force":["Kent"]}},{"terms":{"operationId":["{{{Shared}}}"]}}]
            }}
            """, await SentFilter(Request(new SearchScope(["Kent"], null, false, [Shared]))));
    }

    [Fact]
    public async Task a_force_user_with_nothing_shared_sees_their_force_only()
    {
        EsJson.Equal("""{"terms":{"force":["Kent"]}}""", await SentFilter(Request(OwnForce)));
    }

    [Fact]
    public async Task a_regional_toex_user_sees_their_region()
    {
        EsJson.Equal("""{"term":{"region":{"value":"South East"}}}""", await SentFilter(Request(new SearchScope([], "South East", false, []))));
    }

    [Fact]
    public async Task national_toex_sees_everything_so_there_is_no_filter()
    {
        Assert.Null(await SentFilter(Request(new SearchScope([], null, true, []))));
    }

    [Fact]
    public async Task a_scope_with_nothing_in_it_matches_nothing()
    {
        EsJson.Equal("""{"match_none":{}}""", await SentFilter(Request(new SearchScope([], null, false, []))));
    }

    [Fact]
    public async Task filters_narrow_without_scoring_and_dates_run_from_inclusive_to_exclusive_in_utc()
    {
        var request = Request(new SearchScope([], null, true, [])) with
        {
            OperationId = Operation, MaterialId = Material, Kinds = [SearchKind.Translation, SearchKind.Entity], Language = "ar",
            From = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 2, 1, 1, 0, 0, TimeSpan.FromHours(1)),
        };

        EsJson.Equal("""
            [{"term":{"operationId":{"value":"OPERATION"}}},
             {"term":{"materialId":{"value":"MATERIAL"}}},
             {"terms":{"kind":["Translation","Entity"]}},
             {"term":{"language":{"value":"ar"}}},
             {"range":{"at":{"gte":"2026-01-01T00:00:00Z","lt":"2026-02-01T00:00:00Z"}}}]
            """.Replace("OPERATION", Operation.ToString()).Replace("MATERIAL", Material.ToString()), await SentFilter(request));
    }

    [Fact]
    public async Task date_bounds_keep_their_milliseconds()
    {
        var request = Request(new SearchScope([], null, true, [])) with { From = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero) };

        EsJson.Equal("""{"range":{"at":{"gte":"2026-01-01T00:00:00.123Z"}}}""", await SentFilter(request));
    }

    [Fact]
    public async Task a_page_is_from_and_size_newest_first_counting_up_to_the_limit_with_facets()
    {
        var body = await Sent(Request() with { Page = 3, PageSize = 25 }, Match("cash"));

        Assert.Equal(50, (int)body["from"]!);
        Assert.Equal(25, (int)body["size"]!);
        Assert.Null(body["search_after"]);
        EsJson.Equal("""[{"at":{"order":"desc"}},{"id":{"order":"desc"}}]""", body["sort"]);
        Assert.Equal(SearchRequest.DefaultCountUpTo, (int)body["track_total_hits"]!);
        Assert.True((bool)body["track_scores"]!);
        EsJson.Equal("""{"excludes":["terms","compact"]}""", body["_source"]);
        EsJson.Equal("""
            {"kind":{"terms":{"field":"kind","size":100}},
             "language":{"terms":{"field":"language","size":100}},
             "materialId":{"terms":{"field":"materialId","size":1000}}}
            """, body["aggregations"]);
    }

    [Fact]
    public async Task oldest_first_is_time_then_id_ascending_relevance_is_score_then_newest_then_id_and_exact_counts_everything()
    {
        var oldest = await Sent(Request() with { Sort = SearchSort.Oldest, CountUpTo = 50 }, Match("cash"));
        EsJson.Equal("""[{"at":{"order":"asc"}},{"id":{"order":"asc"}}]""", oldest["sort"]);
        Assert.Equal(50, (int)oldest["track_total_hits"]!);

        var relevance = await Sent(Request() with { Sort = SearchSort.Relevance, CountUpTo = null }, Match("cash"));
        EsJson.Equal("""[{"_score":{"order":"desc"}},{"at":{"order":"desc"}},{"id":{"order":"asc"}}]""", relevance["sort"]);
        Assert.True((bool)relevance["track_total_hits"]!);
    }

    [Fact]
    public async Task a_cursor_continues_after_its_time_and_id_or_its_score_time_and_id_from_the_start()
    {
        var at = new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, TimeSpan.Zero);
        var byTime = await Sent(Request() with { Page = 7, After = new SearchCursor(2.5, at, Id(9)) }, Match("cash"));
        Assert.Equal(0, (int)byTime["from"]!);
        EsJson.Equal($$"""[{{at.ToUnixTimeMilliseconds()}}, "{{Id(9)}}"]""", byTime["search_after"]);

        var byScore = await Sent(Request() with { Sort = SearchSort.Relevance, After = new SearchCursor(2.5, at, Id(9)) }, Match("cash"));
        EsJson.Equal($$"""[2.5, {{at.ToUnixTimeMilliseconds()}}, "{{Id(9)}}"]""", byScore["search_after"]);
    }

    private static SearchDocument Doc(int n, DateTimeOffset at) => new(
        Id(n), SearchKind.TranscriptSegment, Operation, Material, "Kent", "South East", $"line {n}", null, "en", at,
        Guid.Parse("0193a5a0-0000-7000-8000-0000000000cc"), 12.5, "EX/1");

    [Fact]
    public async Task hits_totals_and_facets_are_read_from_the_answer_and_a_full_page_has_a_next_cursor()
    {
        var first = Doc(1, new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567));
        var second = Doc(2, new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)) with { MaterialId = null, Language = null, Label = null };
        var es = new ScriptedElasticsearch().Answer(EsJson.Search(57, [(first, 3.25), (second, 1.5)],
            kindBuckets: """[{"key":"TranscriptSegment","doc_count":50},{"key":"Entity","doc_count":7}]""",
            languageBuckets: """[{"key":"en","doc_count":40}]""",
            materialBuckets: $$"""[{"key":"{{Material}}","doc_count":56}]"""));

        var results = await es.Engine.SearchAsync(Request() with { PageSize = 2 }, Match("line"), default);

        Assert.Equal((57, true), (results.Total, results.TotalExact));
        Assert.Equal(
            [new SearchHit(first.Id, first.Kind, Operation, Material, "line 1", null, "en", first.At, 3.25, first.RunId, 12.5, "EX/1"),
             new SearchHit(second.Id, second.Kind, Operation, null, "line 2", null, null, second.At, 1.5, second.RunId, 12.5, null)],
            results.Hits);
        Assert.Equal(new Dictionary<string, long> { ["TranscriptSegment"] = 50, ["Entity"] = 7 }, results.Facets!.Kind);
        Assert.Equal(new Dictionary<string, long> { ["en"] = 40 }, results.Facets.Language);
        Assert.Equal(new Dictionary<string, long> { [Material.ToString()] = 56 }, results.Facets.MaterialId);
        Assert.Equal(new SearchCursor(1.5, second.At, second.Id), results.Next);
    }

    [Fact]
    public async Task a_page_that_is_not_full_is_the_last_so_there_is_no_cursor()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Search(1, [(Doc(1, DateTimeOffset.UnixEpoch), 1.0)]));

        var results = await es.Engine.SearchAsync(Request() with { PageSize = 2 }, Match("line"), default);

        Assert.Single(results.Hits);
        Assert.Null(results.Next);
        Assert.Empty(results.Facets!.Kind);
    }

    [Fact]
    public async Task a_total_past_the_count_limit_is_a_floor_without_facets_and_a_relevance_cursor_reads_its_score_sort()
    {
        var hit = Doc(1, new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, TimeSpan.Zero));
        var es = new ScriptedElasticsearch().Answer(EsJson.Search(1000, [(hit, 2.75)],
            kindBuckets: """[{"key":"TranscriptSegment","doc_count":4000}]""", sort: SearchSort.Relevance, relation: "gte"));

        var results = await es.Engine.SearchAsync(Request() with { PageSize = 1, Sort = SearchSort.Relevance }, Match("line"), default);

        Assert.Equal((1000, false, null), (results.Total, results.TotalExact, results.Facets));
        Assert.Equal(new SearchCursor(2.75, hit.At, hit.Id), results.Next);
    }

    [Fact]
    public async Task a_cursor_keeps_the_millisecond_the_index_sorted_on()
    {
        var at = new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
        var es = new ScriptedElasticsearch().Answer(EsJson.Search(9, [(Doc(1, at), 1.0)]));

        var results = await es.Engine.SearchAsync(Request() with { PageSize = 1 }, Match("line"), default);

        Assert.Equal(at, results.Hits[0].At);
        Assert.Equal(at.ToUnixTimeMilliseconds(), results.Next!.At.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task a_failed_search_throws_with_the_reason_instead_of_returning_nothing()
    {
        var es = new ScriptedElasticsearch().Answer(400, EsJson.SearchPhaseFailure);

        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(() => es.Engine.SearchAsync(Request(), Match("cash"), default));

        Assert.Contains("search_phase_execution_exception", error.Message);
        Assert.Contains("field [terms] is broken", error.Message);
        Assert.Single(es.Requests);
    }

    [Fact]
    public void the_engine_is_named_for_the_status_route() =>
        Assert.Equal("Elasticsearch", new ScriptedElasticsearch().Engine.Name);
}
