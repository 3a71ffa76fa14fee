using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Toex.Cases.Bench.Operations;

/// <summary>The two commands under test: an investigator tasks an operation, an analyst accepts it.</summary>
public sealed class OperationsApi(HttpClient http, string investigatorToken, string analystToken)
{
    private sealed record Created(Guid Id, int Version);

    private long _tasked;

    public static HttpClient CreateHttpClient(string baseUrl, int maxClients) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = maxClients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

    public ILoadClient Client() => new TaskAndAccept(this);

    private async Task<Created> TaskOperationAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/operations")
        {
            Content = JsonContent.Create(new
            {
                name,
                threats = new[] { Workload.Threat },
                summary = Workload.Summary,
                priority = Workload.Priority,
            }),
        };
        using var response = await SendAsync(request, investigatorToken, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<Created>();
        return created is { Version: > 0 } && created.Id != Guid.Empty
            ? created
            : throw new InvalidDataException($"POST /api/operations answered 201 without an id and version.");
    }

    private async Task AcceptAsync(Created operation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operation.Id}/accept");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{operation.Version}\""));
        using var _ = await SendAsync(request, analystToken, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string token, HttpStatusCode expected)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        if (response.StatusCode == expected) return response;
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        throw new HttpRequestException(
            $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body[..Math.Min(body.Length, 300)]}");
    }

    /// <summary>Two commands per iteration; the accept is skipped when the tasking failed.</summary>
    private sealed class TaskAndAccept(OperationsApi api) : ILoadClient
    {
        public async Task RunOnceAsync(Recorder recorder)
        {
            var name = Workload.Name(Interlocked.Increment(ref api._tasked));
            Created? operation = null;
            if (await recorder.TimeAsync(async () => operation = await api.TaskOperationAsync(name)))
                await recorder.TimeAsync(() => api.AcceptAsync(operation!));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
