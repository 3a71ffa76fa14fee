using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Toex.Cases.Bench.ToolRuns;

public sealed record RunState(string Status, long Done, long Total, long Items, long Reused, long Skipped, long Characters, string? FailureReason)
{
    public bool IsFinished => Status is "Completed" or "Failed" or "Cancelled";
}

public sealed record DeadLetter(Guid Id, string ExceptionType, string ExceptionMessage, bool Replayable);

/// <summary>The API calls of the benchmark: an investigator tasks, an analyst accepts, registers and runs the tools.</summary>
public sealed class CasesApi(HttpClient http, string investigatorToken, string analystToken, string adminToken)
{
    private sealed record Created(Guid Id, int Version);

    public static HttpClient CreateHttpClient(string baseUrl) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromMinutes(5),
        };

    public async Task<Guid> TaskAndAcceptOperationAsync()
    {
        using var task = new HttpRequestMessage(HttpMethod.Post, "/api/operations")
        {
            Content = JsonContent.Create(new
            {
                name = $"Operation Tool Runs Bench {DateTime.UtcNow:yyyyMMddHHmmss}",
                threats = new[] { "SexualExploitation" },
                summary = "A seized handset's message export, translated and triaged to measure the tool runner.",
                priority = "High",
            }),
        };
        using var tasked = await SendAsync(task, investigatorToken, HttpStatusCode.Created);
        var operation = await tasked.Content.ReadFromJsonAsync<Created>()
            ?? throw new InvalidDataException("POST /api/operations answered 201 without a body.");

        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operation.Id}/accept");
        accept.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{operation.Version}\""));
        using var _ = await SendAsync(accept, analystToken, HttpStatusCode.OK);
        return operation.Id;
    }

    public async Task<Guid> RegisterMaterialAsync(Guid operationId, string path)
    {
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/materials")
        {
            Content = new MultipartFormDataContent
            {
                { content, "file", Path.GetFileName(path) },
                { new StringContent("BENCH/MSG/1"), "exhibitRef" },
                { new StringContent("Synthetic seized-phone message export (benchmark)"), "description" },
                { new StringContent("Bench handset"), "seizedFrom" },
            },
        };
        using var response = await SendAsync(request, analystToken, HttpStatusCode.Created);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    public async Task<Guid> RequestRunAsync(Guid operationId, string tool, Guid materialId, object parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/tool-runs")
        {
            Content = JsonContent.Create(new { tool, materialIds = new[] { materialId }, parameters }),
        };
        using var response = await SendAsync(request, analystToken, HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    public async Task<RunState> GetRunAsync(Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tool-runs/{runId}");
        using var response = await SendAsync(request, analystToken, HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var run = body.RootElement;
        var progress = run.GetProperty("progress");
        var metrics = run.GetProperty("metrics");
        return new RunState(run.GetProperty("status").GetString()!,
            progress.GetProperty("done").GetInt64(), progress.GetProperty("total").GetInt64(),
            metrics.GetProperty("items").GetInt64(), metrics.GetProperty("reused").GetInt64(),
            metrics.GetProperty("skipped").GetInt64(), metrics.GetProperty("characters").GetInt64(),
            run.TryGetProperty("failureReason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null);
    }

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

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string token, HttpStatusCode expected)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        if (response.StatusCode == expected) return response;
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        throw new HttpRequestException(
            $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body[..Math.Min(body.Length, 500)]}");
    }
}
