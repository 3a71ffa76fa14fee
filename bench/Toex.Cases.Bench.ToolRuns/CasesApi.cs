using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Toex.Cases.Bench.ToolRuns;

public sealed record DeadLetter(Guid Id, string ExceptionType, string ExceptionMessage, bool Replayable);

/// <summary>The API calls of the benchmark: an investigator tasks, an analyst accepts, registers and runs the tools.</summary>
public sealed class CasesApi(HttpClient http, string investigatorToken, string analystToken, string adminToken) : BenchApi(http)
{
    public static HttpClient CreateHttpClient(string baseUrl) => CreateHttpClient(baseUrl, TimeSpan.FromMinutes(5));

    public Task<Guid> TaskAndAcceptOperationAsync() => TaskAndAcceptAsync(investigatorToken, analystToken,
        $"Operation Tool Runs Bench {DateTime.UtcNow:yyyyMMddHHmmss}",
        "A seized handset's message export, translated and triaged to measure the tool runner.");

    public Task<Guid> RegisterMaterialAsync(Guid operationId, string path) => RegisterMaterialAsync(analystToken, operationId, path,
        "text/csv", "BENCH/MSG/1", "Synthetic seized-phone message export (benchmark)");

    public Task<Guid> RequestRunAsync(Guid operationId, string tool, Guid materialId, object parameters) =>
        RequestRunAsync(analystToken, operationId, tool, materialId, parameters);

    public Task<RunState> GetRunAsync(Guid runId) => GetRunAsync(analystToken, runId);

    /// <summary>How many artefacts of the run the (asynchronous) artefact view holds so far.</summary>
    public async Task<long> ArtefactTotalAsync(Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tool-runs/{runId}/artefacts?pageSize=1");
        using var response = await SendAsync(request, analystToken, HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>
    /// The dead-lettered ExecuteToolRun messages (an Admin's view). The API does not show the
    /// message itself, so which run each belongs to is not known; the benchmark runs one at a time.
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadToolRunMessagesAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/dead-letters?pageSize=500");
        using var response = await SendAsync(request, adminToken, HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("items").EnumerateArray()
            .Where(d => d.GetProperty("messageType").GetString()!.EndsWith(".ExecuteToolRun", StringComparison.Ordinal))
            .Select(d => new DeadLetter(d.GetProperty("id").GetGuid(), d.GetProperty("exceptionType").GetString() ?? "",
                d.GetProperty("exceptionMessage").GetString() ?? "", d.GetProperty("replayable").GetBoolean()))
            .ToList();
    }

    /// <summary>Puts dead letters back on their queue, as an Admin would once the cause is understood.</summary>
    public async Task ReplayAsync(IEnumerable<Guid> ids)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/dead-letters/replay")
        {
            Content = JsonContent.Create(new { ids = ids.ToArray() }),
        };
        using var _ = await SendAsync(request, adminToken, HttpStatusCode.Accepted);
    }
}
