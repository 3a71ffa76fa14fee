namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

public sealed class ElasticsearchIndexTests
{
    private const string Mapping = """
        {"dynamic":"strict","properties":{
          "id":{"type":"keyword"},"kind":{"type":"keyword"},"operationId":{"type":"keyword"},"materialId":{"type":"keyword"},
          "runId":{"type":"keyword"},"force":{"type":"keyword"},"region":{"type":"keyword"},"language":{"type":"keyword"},
          "at":{"type":"date"},"position":{"type":"double"},"label":{"type":"keyword"},
          "text":{"type":"text","index":false},"translatedText":{"type":"text","index":false},
          "terms":{"type":"text","analyzer":"whitespace","position_increment_gap":100},
          "compact":{"type":"wildcard"}}}
        """;

    [Fact]
    public async Task with_no_alias_the_first_index_is_created_with_the_strict_mapping_and_the_alias_in_one_request()
    {
        var es = new ScriptedElasticsearch()
            .Answer(404, EsJson.AliasMissing)
            .Answer("{}")
            .Answer(EsJson.Created("toex-search-v1"));

        var live = await es.Engine.EnsureLiveAsync(default);

        Assert.Equal("toex-search-v1", live);
        Assert.Equal(["GET _alias/toex-search", "GET toex-search-v%2A?allow_no_indices=true&ignore_unavailable=true&features=aliases", "PUT toex-search-v1"],
            es.Requests.Select(r => $"{r.Method} {r.Path}"));
        var create = es.Requests[2].Json;
        EsJson.Equal(Mapping, create["mappings"]);
        EsJson.Equal("""{"number_of_shards":1}""", create["settings"]);
        EsJson.Equal("""{"toex-search":{}}""", create["aliases"]);
    }

    [Fact]
    public async Task with_the_alias_in_place_ensuring_live_creates_nothing_and_names_the_aliased_index()
    {
        var es = new ScriptedElasticsearch().Answer(EsJson.Aliased("toex-search-v3"));

        var live = await es.Engine.EnsureLiveAsync(default);

        Assert.Equal("toex-search-v3", live);
        Assert.Single(es.Requests);
    }

    [Fact]
    public async Task a_left_over_unaliased_index_is_not_reused_the_live_one_takes_the_next_version()
    {
        var es = new ScriptedElasticsearch()
            .Answer(404, EsJson.AliasMissing)
            .Answer(EsJson.IndicesNamed("toex-search-v1", "toex-search-v2"))
            .Answer(EsJson.Created("toex-search-v3"));

        Assert.Equal("toex-search-v3", await es.Engine.EnsureLiveAsync(default));
        Assert.Equal("PUT toex-search-v3", $"{es.Requests[2].Method} {es.Requests[2].Path}");
    }

    [Fact]
    public async Task losing_the_race_to_create_the_first_index_uses_the_one_the_other_instance_made_live()
    {
        var es = new ScriptedElasticsearch()
            .Answer(404, EsJson.AliasMissing)
            .Answer("{}")
            .Answer(400, EsJson.Error(400, "resource_already_exists_exception", "index [toex-search-v1] already exists"))
            .Answer(EsJson.Aliased("toex-search-v1"));

        Assert.Equal("toex-search-v1", await es.Engine.EnsureLiveAsync(default));
    }

    [Fact]
    public async Task a_new_index_takes_the_next_version_after_the_highest_has_the_mapping_and_no_alias()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.IndicesNamed("toex-search-v2", "toex-search-v10", "toex-search-v9"))
            .Answer(EsJson.Created("toex-search-v11"));

        var index = await es.Engine.CreateIndexAsync(default);

        Assert.Equal("toex-search-v11", index);
        var create = es.Requests[1];
        Assert.Equal("PUT toex-search-v11", $"{create.Method} {create.Path}");
        EsJson.Equal(Mapping, create.Json["mappings"]);
        Assert.Null(create.Json["aliases"]);
    }

    [Fact]
    public async Task swapping_moves_the_alias_in_one_aliases_request_then_deletes_the_old_index()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.Aliased("toex-search-v1"))
            .Answer(EsJson.Acknowledged)
            .Answer(EsJson.Acknowledged);

        await es.Engine.SwapAsync("toex-search-v2", default);

        Assert.Equal(["GET _alias/toex-search", "POST _aliases", "DELETE toex-search-v1"], es.Requests.Select(r => $"{r.Method} {r.Path}"));
        EsJson.Equal("""
            {"actions":[
              {"remove":{"index":"toex-search-v1","alias":"toex-search"}},
              {"add":{"index":"toex-search-v2","alias":"toex-search"}}]}
            """, es.Requests[1].Json);
    }

    [Fact]
    public async Task a_refused_swap_throws_and_deletes_nothing()
    {
        var es = new ScriptedElasticsearch()
            .Answer(EsJson.Aliased("toex-search-v1"))
            .Answer(404, EsJson.Error(404, "index_not_found_exception", "no such index [toex-search-v2]"));

        var error = await Assert.ThrowsAsync<Toex.Cases.Projections.Search.Elasticsearch.ElasticsearchRequestException>(
            () => es.Engine.SwapAsync("toex-search-v2", default));

        Assert.Contains("index_not_found_exception", error.Message);
        Assert.Equal(2, es.Requests.Count);
    }
}
