using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Toex.Cases.Projections.Search.Elasticsearch;

namespace Toex.Cases.Projections.Tests.Search.Elasticsearch;

/// <summary>
/// An Elasticsearch that answers from a script, in order, and records every request the client
/// sends (method, path and query, body), so that tests pin the wire format without a cluster.
/// </summary>
public sealed class ScriptedElasticsearch : IRequestInvoker
{
    public sealed record Sent(string Method, string Path, string Body)
    {
        public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The request has no body.");

        /// <summary>An NDJSON body (bulk), line by line.</summary>
        public IReadOnlyList<JsonNode> Lines =>
            Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    public sealed record Response(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

    private readonly Queue<Response> _script = new();
    private readonly InMemoryRequestInvoker _factory = new();

    public ScriptedElasticsearch(ElasticsearchSearchOptions? options = null)
    {
        Client = new ElasticsearchClient(new ElasticsearchClientSettings(new SingleNodePool(new Uri("http://es.test:9200")), this));
        Engine = new ElasticsearchSearchEngine(Client, (options ?? new ElasticsearchSearchOptions()) with
        {
            Delay = (delay, _) => { Delays.Add(delay); return Task.CompletedTask; },
        });
    }

    public ElasticsearchClient Client { get; }

    public ElasticsearchSearchEngine Engine { get; }

    public List<Sent> Requests { get; } = [];

    /// <summary>The back-offs the engine asked for; nobody actually waits.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public ScriptedElasticsearch Answer(int status, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        _script.Enqueue(new Response(status, body, headers));
        return this;
    }

    public ScriptedElasticsearch Answer(string body) => Answer(200, body);

    public ResponseFactory ResponseFactory => _factory.ResponseFactory;

    public Task<TResponse> RequestAsync<TResponse>(
        Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
        where TResponse : TransportResponse, new() =>
        Respond(endpoint, boundConfiguration, postData)
            .RequestAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken);

    public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
        where TResponse : TransportResponse, new() =>
        Respond(endpoint, boundConfiguration, postData).Request<TResponse>(endpoint, boundConfiguration, postData);

    private InMemoryRequestInvoker Respond(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
    {
        var body = "";
        if (postData is not null)
        {
            using var stream = new MemoryStream();
            postData.Write(stream, boundConfiguration.ConnectionSettings, disableDirectStreaming: true);
            body = Encoding.UTF8.GetString(stream.ToArray());
        }
        var request = new Sent(endpoint.Method.ToString().ToUpperInvariant(), endpoint.PathAndQuery, body);
        Requests.Add(request);
        if (!_script.TryDequeue(out var response))
            throw new InvalidOperationException($"No answer scripted for {request.Method} {request.Path}.");
        // The client refuses answers that do not say they come from Elasticsearch.
        var headers = new Dictionary<string, IEnumerable<string>> { ["x-elastic-product"] = ["Elasticsearch"] };
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) headers[name] = [value];
        return new InMemoryRequestInvoker(Encoding.UTF8.GetBytes(response.Body), response.Status, null, "application/json", headers);
    }

    public void Dispose() => ((IDisposable)_factory).Dispose();
}
