using System.Text.Json;
using System.Text.Json.Nodes;
using Toex.Cases.Domain.Search;

namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

/// <summary>Comparing request bodies as JSON, and answers shaped as Elasticsearch 9 gives them.</summary>
internal static class EsJson
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        if (!JsonNode.DeepEquals(want, actual))
            Assert.Fail($"Expected JSON\n{want?.ToJsonString()}\nbut got\n{actual?.ToJsonString()}");
    }

    public const string Acknowledged = """{"acknowledged":true}""";

    public const string AliasMissing = """{"error":"alias [toex-search] missing","status":404}""";

    public const string Refreshed = """{"_shards":{"total":1,"successful":1,"failed":0}}""";

    public static string Created(string index) => $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{index}}"}""";

    public static string Aliased(params string[] indices) =>
        new JsonObject(indices.Select(i => KeyValuePair.Create<string, JsonNode?>(i, JsonNode.Parse("""{"aliases":{"toex-search":{}}}""")))).ToJsonString();

    public static string IndicesNamed(params string[] indices) =>
        new JsonObject(indices.Select(i => KeyValuePair.Create<string, JsonNode?>(i, JsonNode.Parse("""{"aliases":{}}""")))).ToJsonString();

    /// <summary>A bulk answer: per item its action, id, status and, when refused, the error type.</summary>
    public static string Bulk(params (string Action, string Id, int Status, string? Error)[] items)
    {
        var array = new JsonArray();
        foreach (var (action, id, status, error) in items)
        {
            var item = new JsonObject { ["_index"] = "toex-search-v1", ["_id"] = id, ["status"] = status };
            if (error is null) item["result"] = status == 404 ? "not_found" : "created";
            else item["error"] = new JsonObject { ["type"] = error, ["reason"] = $"{error} for {id}" };
            array.Add(new JsonObject { [action] = item });
        }
        return new JsonObject
        {
            ["took"] = 3,
            ["errors"] = items.Any(i => i.Error is not null),
            ["items"] = array,
        }.ToJsonString();
    }

    public static string DeletedByQuery(int deleted) =>
        $$"""{"took":1,"timed_out":false,"total":{{deleted}},"deleted":{{deleted}},"batches":1,"version_conflicts":0,"noops":0,"retries":{"bulk":0,"search":0},"throttled_millis":0,"requests_per_second":-1.0,"throttled_until_millis":0,"failures":[]}""";

    public static string Error(int status, string type, string reason) =>
        $$"""{"error":{"root_cause":[{"type":"{{type}}","reason":"{{reason}}"}],"type":"{{type}}","reason":"{{reason}}"},"status":{{status}}}""";

    public static string SearchPhaseFailure =>
        """{"error":{"root_cause":[{"type":"query_shard_exception","reason":"failed to create query: field [terms] is broken","index":"toex-search-v1"}],"type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[]},"status":400}""";

    /// <summary>A search answer: the hits (with their sort values for the order asked), the total and the three facets.</summary>
    public static string Search(long total, IEnumerable<(SearchDocument Doc, double Score)> hits,
        string kindBuckets = "[]", string languageBuckets = "[]", string materialBuckets = "[]",
        SearchSort sort = SearchSort.Newest, string relation = "eq")
    {
        var array = new JsonArray();
        foreach (var (doc, score) in hits)
        {
            var source = new JsonObject
            {
                ["id"] = doc.Id.ToString(), ["kind"] = doc.Kind.ToString(), ["operationId"] = doc.OperationId.ToString(),
                ["materialId"] = doc.MaterialId?.ToString(), ["runId"] = doc.RunId?.ToString(), ["force"] = doc.Force,
                ["region"] = doc.Region, ["language"] = doc.Language, ["at"] = doc.At.ToString("O"),
                ["position"] = doc.Position, ["label"] = doc.Label, ["text"] = doc.Text, ["translatedText"] = doc.TranslatedText,
            };
            array.Add(new JsonObject
            {
                ["_index"] = "toex-search-v1", ["_id"] = doc.Id.ToString(), ["_score"] = score, ["_source"] = source,
                ["sort"] = sort == SearchSort.Relevance
                    ? new JsonArray(score, doc.At.ToUnixTimeMilliseconds(), doc.Id.ToString())
                    : new JsonArray(doc.At.ToUnixTimeMilliseconds(), doc.Id.ToString()),
            });
        }
        return $$$"""
            {"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":{{{total}}},"relation":"{{{relation}}}"},"max_score":null,"hits":{{{array.ToJsonString()}}}},
             "aggregations":{
               "sterms#kind":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":{{{kindBuckets}}}},
               "sterms#language":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":{{{languageBuckets}}}},
               "sterms#materialId":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":{{{materialBuckets}}}}
             }
            }
            """;
    }

    public static string EmptySearch => Search(0, []);

    public static string Pretty(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
