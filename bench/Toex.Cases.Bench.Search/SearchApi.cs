using System.Net;
using System.Text.Json;

namespace Toex.Cases.Bench.Search;

/// <summary>The index's state as GET /api/admin/search reports it.</summary>
public sealed record IndexStatus(string LiveIndex, long AppliedThrough, DateTimeOffset? AppliedAt, long HighWaterMark, long PendingEvents,
    double LagSeconds);

/// <summary>The API calls of the benchmark: an investigator tasks, an analyst accepts, registers, translates and searches; an Admin watches the index.</summary>
public sealed class SearchApi(HttpClient http, string investigatorToken, string analystToken, string adminToken) : BenchApi(http)
{
    public Task<Guid> TaskAndAcceptOperationAsync() => TaskAndAcceptAsync(investigatorToken, analystToken,
        $"Operation Search Bench {DateTime.UtcNow:yyyyMMddHHmmss}",
        "Seized handsets' message exports, translated, to measure indexing and searching.");

    public Task<Guid> RegisterMaterialAsync(Guid operationId, string path, int exhibit) => RegisterMaterialAsync(analystToken, operationId,
        path, "text/csv", $"BENCH/MSG/{exhibit}", $"Synthetic seized-phone message export {exhibit} (search benchmark)");

    public Task<Guid> RequestTranslationAsync(Guid operationId, Guid materialId) =>
        RequestRunAsync(analystToken, operationId, "Translate", materialId, new { targetLanguage = "en" });

    public Task<RunState> GetRunAsync(Guid runId) => GetRunAsync(analystToken, runId);

    /// <summary>GET /api/search with the query string given (already escaped); returns the total.</summary>
    public async Task<long> SearchTotalAsync(string queryString)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?" + queryString);
        using var response = await SendAsync(request, analystToken, HttpStatusCode.OK);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(body);
        return json.RootElement.GetProperty("total").GetInt64();
    }

    public async Task<IndexStatus> IndexStatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/search");
        using var response = await SendAsync(request, adminToken, HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var s = json.RootElement;
        return new IndexStatus(s.GetProperty("liveIndex").GetString()!, s.GetProperty("appliedThrough").GetInt64(),
            s.GetProperty("appliedAt").ValueKind == JsonValueKind.Null ? null : s.GetProperty("appliedAt").GetDateTimeOffset(),
            s.GetProperty("highWaterMark").GetInt64(), s.GetProperty("pendingEvents").GetInt64(), s.GetProperty("lagSeconds").GetDouble());
    }
}
