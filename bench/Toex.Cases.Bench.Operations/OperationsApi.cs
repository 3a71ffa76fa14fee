namespace Toex.Cases.Bench.Operations;

/// <summary>The two commands under test: an investigator tasks an operation, an analyst accepts it.</summary>
public sealed class OperationsApi(HttpClient http, string investigatorToken, string analystToken) : BenchApi(http)
{
    private long _tasked;

    public static HttpClient CreateHttpClient(string baseUrl, int maxClients) =>
        CreateHttpClient(baseUrl, TimeSpan.FromSeconds(30), maxClients * 2);

    public ILoadClient Client() => new TaskAndAccept(this);

    private Task<Created> TaskOperationAsync(string name) => TaskOperationAsync(investigatorToken,
        new { name, threats = new[] { Workload.Threat }, summary = Workload.Summary, priority = Workload.Priority });

    private Task AcceptAsync(Created operation) => AcceptAsync(analystToken, operation);

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
