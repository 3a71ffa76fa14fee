using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Toex.Cases.Bench;

/// <summary>A tool run as GET /api/tool-runs/{id} describes it.</summary>
public sealed record RunState(string Status, long Done, long Total, long Items, long Reused, long Skipped, long Characters, string? FailureReason)
{
    public bool IsFinished => Status is "Completed" or "Failed" or "Cancelled";
}

/// <summary>
/// The API calls every benchmark makes, over one HttpClient, each as the user its token names:
/// send and insist on a status, task and accept an operation, register an exhibit, ask for a run
/// and read it back (shared by the benchmark programs).
/// </summary>
public abstract class BenchApi(HttpClient http)
{
    protected sealed record Created(Guid Id, int Version);

    public static HttpClient CreateHttpClient(string baseUrl, TimeSpan timeout, int maxConnections = int.MaxValue) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = timeout,
        };

    protected async Task<Created> TaskOperationAsync(string token, object operation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/operations") { Content = JsonContent.Create(operation) };
        using var response = await SendAsync(request, token, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<Created>();
        return created is { Version: > 0 } && created.Id != Guid.Empty
            ? created
            : throw new InvalidDataException("POST /api/operations answered 201 without an id and version.");
    }

    protected async Task AcceptAsync(string token, Created operation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operation.Id}/accept");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{operation.Version}\""));
        using var _ = await SendAsync(request, token, HttpStatusCode.OK);
    }

    /// <summary>Tasks a High-priority sexual-exploitation operation (investigator) and accepts it (analyst).</summary>
    protected async Task<Guid> TaskAndAcceptAsync(string investigatorToken, string analystToken, string name, string summary)
    {
        var operation = await TaskOperationAsync(investigatorToken,
            new { name, threats = new[] { "SexualExploitation" }, summary, priority = "High" });
        await AcceptAsync(analystToken, operation);
        return operation.Id;
    }

    /// <summary>Uploads a file as an exhibit (multipart, streamed); returns the material id.</summary>
    protected async Task<Guid> RegisterMaterialAsync(string token, Guid operationId, string path, string mediaType, string exhibitRef,
        string description)
    {
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/materials")
        {
            Content = new MultipartFormDataContent
            {
                { content, "file", Path.GetFileName(path) },
                { new StringContent(exhibitRef), "exhibitRef" },
                { new StringContent(description), "description" },
                { new StringContent("Bench handset"), "seizedFrom" },
            },
        };
        using var response = await SendAsync(request, token, HttpStatusCode.Created);
        return await IdOfAsync(response);
    }

    protected async Task<Guid> RequestRunAsync(string token, Guid operationId, string tool, Guid materialId, object parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/tool-runs")
        {
            Content = JsonContent.Create(new { tool, materialIds = new[] { materialId }, parameters }),
        };
        using var response = await SendAsync(request, token, HttpStatusCode.Accepted);
        return await IdOfAsync(response);
    }

    protected async Task<RunState> GetRunAsync(string token, Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tool-runs/{runId}");
        using var response = await SendAsync(request, token, HttpStatusCode.OK);
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

    /// <summary>Sends as the token's user; a status other than the one expected fails the benchmark, with the body.</summary>
    protected async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string token, HttpStatusCode expected,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request, completion);
        if (response.StatusCode == expected) return response;
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        throw new HttpRequestException(
            $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body[..Math.Min(body.Length, 500)]}");
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }
}
