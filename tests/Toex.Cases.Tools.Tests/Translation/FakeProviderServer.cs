using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Toex.Cases.Tools.Tests.Translation;

internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>How the fake service answers one request.</summary>
internal delegate Task Reply(HttpContext context, RecordedRequest request, CancellationToken stopping);

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port 0) speaking whichever wire format its replies
/// write. It answers requests with the scripted replies in order, repeating the last, and records
/// every request it receives.
/// </summary>
internal sealed class FakeProviderServer : IAsyncDisposable
{
    /// <summary>How long a test waits for something that should already be under way before it fails instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>A client that talks to 127.0.0.1 directly, whatever proxy the environment names.</summary>
    public static HttpClient NewClient() => new(new SocketsHttpHandler { UseProxy = false });

    private readonly WebApplication _app;
    private readonly Reply[] _script;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Channel<RecordedRequest> _arrivals = Channel.CreateUnbounded<RecordedRequest>();
    private readonly CancellationTokenSource _stopping = new();

    private FakeProviderServer(Reply[] script, string pathBase)
    {
        _script = script.Length > 0 ? script : throw new ArgumentException("Script at least one reply.", nameof(script));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(Answer);
        PathBase = pathBase;
    }

    public string PathBase { get; }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    public static Task<FakeProviderServer> StartAsync(params Reply[] script) => StartAsync("", script);

    public static async Task<FakeProviderServer> StartAsync(string pathBase, params Reply[] script)
    {
        var server = new FakeProviderServer(script, pathBase);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + pathBase);
        return server;
    }

    /// <summary>Completes when the server has received the next request (not yet answered it).</summary>
    public Task<RecordedRequest> NextRequestAsync() => _arrivals.Reader.ReadAsync().AsTask().WaitAsync(Guard);

    private async Task Answer(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        int index;
        lock (_requests)
        {
            _requests.Add(request);
            index = _requests.Count - 1;
        }
        _arrivals.Writer.TryWrite(request);
        await _script[Math.Min(index, _script.Length - 1)](context, request, _stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

internal static class Replies
{
    public static Reply Json(int status, string json, params (string Name, string Value)[] headers) =>
        Text(status, "application/json; charset=utf-8", json, headers);

    public static Reply Text(int status, string contentType, string body, params (string Name, string Value)[] headers) =>
        async (context, _, _) =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
                context.Response.Headers[name] = value;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    /// <summary>Never answers: holds the request until the client gives up or the server stops.</summary>
    public static Reply Hang { get; } = async (context, _, stopping) =>
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            // Hang like a provider that never answers, until the client gives up or the server stops.
            await new TaskCompletionSource().Task.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>Azure Translator's answer to whatever was sent: each text marked as translated from French.</summary>
    public static Reply AzureEcho { get; } = (context, request, stopping) =>
    {
        using var sent = JsonDocument.Parse(request.Body);
        var items = sent.RootElement.EnumerateArray().Select(item => new
        {
            detectedLanguage = new { language = "fr", score = 1.0 },
            translations = new[] { new { text = "EN:" + item.GetProperty("Text").GetString(), to = "en" } },
        });
        return Json(200, JsonSerializer.Serialize(items))(context, request, stopping);
    };

    /// <summary>LibreTranslate's answer to whatever was sent: each text marked as translated from French.</summary>
    public static Reply LibreEcho { get; } = (context, request, stopping) =>
    {
        using var sent = JsonDocument.Parse(request.Body);
        var q = sent.RootElement.GetProperty("q").EnumerateArray().Select(text => text.GetString()).ToArray();
        var answer = new
        {
            translatedText = q.Select(text => "EN:" + text),
            detectedLanguage = q.Select(_ => new { confidence = 90.0, language = "fr" }),
        };
        return Json(200, JsonSerializer.Serialize(answer))(context, request, stopping);
    };
}
