using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search.Elasticsearch;

namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

public sealed class ElasticsearchWriteTests
{
    private const string Index = "toex-search-v1";
    private static readonly Guid Operation = Guid.Parse("0193a5a0-0000-7000-8000-0000000000aa");
    private static readonly Guid Material = Guid.Parse("0193a5a0-0000-7000-8000-0000000000bb");
    private static readonly Guid Run = Guid.Parse("0193a5a0-0000-7000-8000-0000000000cc");

    private static Guid Id(int n) => Guid.Parse($"0193a5a0-0000-7000-8000-{n:D12}");

    private static SearchDocument Line(int n, string text = "Émile sent £5 to 07700 900123", string? translated = "Émile a envoyé") => new(
        Id(n), SearchKind.Translation, Operation, Material, "Kent", "South East", text, translated, "fr",
        new DateTimeOffset(2026, 11, 24, 9, 30, 15, TimeSpan.Zero), Run, n, "EX/KENT/1");

    private static SearchChange Upsert(int n) => new SearchChange.Upsert(Line(n));

    private static string IndexAction(Guid id) => """{"index":{"_id":"ID"}}""".Replace("ID", id.ToString());

    private static string DeleteAction(Guid id) => """{"delete":{"_id":"ID"}}""".Replace("ID", id.ToString());

    [Fact]
    public async Task upserts_and_deletes_go_in_one_bulk_keyed_by_id_with_the_folded_words_of_each_field_apart()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null), ("delete", Id(2).ToString(), 200, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1), new SearchChange.Delete(Id(2))], default);

        var bulk = Assert.Single(es.Requests);
        Assert.Equal("POST toex-search-v1/_bulk", $"{bulk.Method} {bulk.Path}");
        Assert.EndsWith("\n", bulk.Body);
        var lines = bulk.Lines;
        Assert.Equal(3, lines.Count);
        EsJson.Equal(IndexAction(Id(1)), lines[0]);
        EsJson.Equal($$"""
            {"id":"{{Id(1)}}","kind":"Translation","operationId":"{{Operation}}","materialId":"{{Material}}","runId":"{{Run}}",
             "force":"Kent","region":"South East","language":"fr","at":"2026-11-24T09:30:15+00:00","position":1.0,
             "label":"EX/KENT/1","text":"Émile sent £5 to 07700 900123","translatedText":"Émile a envoyé",
             "terms":["emile sent 5 to 07700 900123","emile a envoye","ex kent 1"],
             "compact":["emilesent5to07700900123","emileaenvoye","exkent1"]}
            """, lines[1]);
        EsJson.Equal(DeleteAction(Id(2)), lines[2]);
    }

    [Fact]
    public async Task a_document_without_translation_or_label_still_has_three_terms_so_no_phrase_spans_two_fields()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [new SearchChange.Upsert(Line(1, "中文字", null) with { Label = null })], default);

        var document = es.Requests[0].Lines[1];
        EsJson.Equal("""["中文 文字","",""]""", document["terms"]);
        EsJson.Equal("""["中文文字","",""]""", document["compact"]);
    }

    [Fact]
    public async Task deleting_an_entry_that_is_not_there_is_not_an_error()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Bulk(("delete", Id(2).ToString(), 404, null)));

        await es.Engine.ApplyAsync(Index, [new SearchChange.Delete(Id(2))], default);

        Assert.Single(es.Requests);
    }

    [Fact]
    public async Task only_the_last_change_to_an_entry_in_a_batch_is_sent()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Bulk(("delete", Id(1).ToString(), 200, null), ("index", Id(2).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1), Upsert(2), new SearchChange.Delete(Id(1))], default);

        var lines = es.Requests[0].Lines;
        Assert.Equal(3, lines.Count);
        EsJson.Equal(IndexAction(Id(2)), lines[0]);
        EsJson.Equal(DeleteAction(Id(1)), lines[2]);
    }

    [Fact]
    public async Task bulks_are_cut_at_the_operation_count()
    {
        var es = new ScriptedElasticsearch(new ElasticsearchSearchOptions { MaxBulkOperations = 2 })
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null), ("index", Id(2).ToString(), 201, null)))
            .Answer(EsJson.Bulk(("index", Id(3).ToString(), 201, null), ("index", Id(4).ToString(), 201, null)))
            .Answer(EsJson.Bulk(("index", Id(5).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [.. Enumerable.Range(1, 5).Select(Upsert)], default);

        Assert.Equal([4, 4, 2], es.Requests.Select(r => r.Lines.Count));
    }

    [Fact]
    public async Task bulks_are_cut_at_the_size_limit()
    {
        var big = new string('x', 4_000);
        var es = new ScriptedElasticsearch(new ElasticsearchSearchOptions { MaxBulkBytes = 20_000 })
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null)))
            .Answer(EsJson.Bulk(("index", Id(2).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [new SearchChange.Upsert(Line(1, big)), new SearchChange.Upsert(Line(2, big))], default);

        Assert.Equal(2, es.Requests.Count);
    }

    [Fact]
    public async Task a_retracted_run_is_deleted_by_query_after_the_bulk_before_it_and_before_the_bulk_after_it()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null)))
            .Answer(EsJson.Refreshed)
            .Answer(EsJson.DeletedByQuery(1))
            .Answer(EsJson.Bulk(("index", Id(2).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1), new SearchChange.DeleteRun(Run), Upsert(2)], default);

        Assert.Equal(
            ["POST toex-search-v1/_bulk", "POST toex-search-v1/_refresh", "POST toex-search-v1/_delete_by_query?conflicts=proceed&refresh=true", "POST toex-search-v1/_bulk"],
            es.Requests.Select(r => $"{r.Method} {r.Path}"));
        EsJson.Equal("""{"query":{"term":{"runId":{"value":"RUN"}}}}""".Replace("RUN", Run.ToString()), es.Requests[2].Json);
        EsJson.Equal(IndexAction(Id(2)), es.Requests[3].Lines[0]);
    }

    [Fact]
    public async Task with_refresh_after_write_the_index_is_refreshed_once_at_the_end()
    {
        var es = new ScriptedElasticsearch(new ElasticsearchSearchOptions { RefreshAfterWrite = true })
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null)))
            .Answer(EsJson.Refreshed);

        await es.Engine.ApplyAsync(Index, [Upsert(1)], default);

        Assert.Equal(["POST toex-search-v1/_bulk", "POST toex-search-v1/_refresh"], es.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task a_whole_request_429_is_retried_after_a_back_off_and_then_succeeds()
    {
        var es = new ScriptedElasticsearch()
            .Answer(429, EsJson.Error(429, "es_rejected_execution_exception", "queue full"))
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null), ("index", Id(2).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1), Upsert(2)], default);

        Assert.Equal(2, es.Requests.Count);
        Assert.Equal(es.Requests[0].Body, es.Requests[1].Body);
        Assert.Equal([TimeSpan.FromMilliseconds(100)], es.Delays);
    }

    [Fact]
    public async Task back_offs_double_and_a_retry_after_header_is_honoured()
    {
        var es = new ScriptedElasticsearch()
            .Answer(503, EsJson.Error(503, "unavailable_shards_exception", "primary shard is not active"))
            .Answer(503, EsJson.Error(503, "unavailable_shards_exception", "primary shard is not active"))
            .Answer(429, EsJson.Error(429, "es_rejected_execution_exception", "queue full"), new Dictionary<string, string> { ["Retry-After"] = "3" })
            .Answer(EsJson.Bulk(("index", Id(1).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1)], default);

        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3)], es.Delays);
    }

    [Fact]
    public async Task a_server_error_that_persists_gives_up_after_the_last_attempt()
    {
        var es = new ScriptedElasticsearch(new ElasticsearchSearchOptions { MaxAttempts = 3 });
        for (var i = 0; i < 3; i++) es.Answer(502, EsJson.Error(502, "bad_gateway", "proxy down"));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(() => es.Engine.ApplyAsync(Index, [Upsert(1)], default));

        Assert.Equal(3, es.Requests.Count);
        Assert.Contains("after 3 attempts", error.Message);
        Assert.Contains("502", error.Message);
    }

    [Fact]
    public async Task items_rejected_with_429_are_retried_alone()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.Bulk(
                ("index", Id(1).ToString(), 201, null),
                ("index", Id(2).ToString(), 429, "es_rejected_execution_exception"),
                ("delete", Id(3).ToString(), 200, null),
                ("index", Id(4).ToString(), 429, "es_rejected_execution_exception")))
            .Answer(EsJson.Bulk(("index", Id(2).ToString(), 201, null), ("index", Id(4).ToString(), 201, null)));

        await es.Engine.ApplyAsync(Index, [Upsert(1), Upsert(2), new SearchChange.Delete(Id(3)), Upsert(4)], default);

        Assert.Equal(2, es.Requests.Count);
        var retried = es.Requests[1].Lines;
        Assert.Equal(4, retried.Count);
        EsJson.Equal(IndexAction(Id(2)), retried[0]);
        EsJson.Equal(IndexAction(Id(4)), retried[2]);
        Assert.Single(es.Delays);
    }

    [Fact]
    public async Task an_item_refused_for_another_reason_throws_naming_the_entry_and_the_reason()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Bulk(
            ("index", Id(1).ToString(), 201, null),
            ("index", Id(2).ToString(), 400, "strict_dynamic_mapping_exception")));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(() => es.Engine.ApplyAsync(Index, [Upsert(1), Upsert(2)], default));

        Assert.Contains(Id(2).ToString(), error.Message);
        Assert.Contains("strict_dynamic_mapping_exception", error.Message);
        Assert.Single(es.Requests);
    }

    [Fact]
    public async Task a_refused_request_is_not_retried()
    {
        var es = new ScriptedElasticsearch().Answer(400, EsJson.Error(400, "illegal_argument_exception", "malformed action/metadata line"));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestException>(() => es.Engine.ApplyAsync(Index, [Upsert(1)], default));

        Assert.Contains("illegal_argument_exception", error.Message);
        Assert.Single(es.Requests);
        Assert.Empty(es.Delays);
    }

    [Fact]
    public async Task a_delete_by_query_answered_503_is_retried()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.Refreshed)
            .Answer(503, EsJson.Error(503, "search_phase_execution_exception", "no shard available"))
            .Answer(EsJson.DeletedByQuery(4));

        await es.Engine.ApplyAsync(Index, [new SearchChange.DeleteRun(Run)], default);

        Assert.Equal(3, es.Requests.Count);
        Assert.Equal(es.Requests[1].Body, es.Requests[2].Body);
    }
}
