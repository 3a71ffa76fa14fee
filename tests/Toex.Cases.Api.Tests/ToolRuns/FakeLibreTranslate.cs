using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Toex.Cases.Api.Tests.ToolRuns;

/// <summary>
/// A local HTTP server speaking LibreTranslate's documented wire format (POST /translate with
/// q[], source "auto", target). Its "translation" is a marked copy of the text, and it detects
/// languages by script, so tests can tell exactly what was sent and what came back. It can be
/// told to fail requests (HTTP 500) or to hold one until released.
/// </summary>
public sealed class FakeLibreTranslate : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private volatile int _failFrom = int.MaxValue;
    private volatile int _failCount;
    private TaskCompletionSource? _gate;
    private TaskCompletionSource? _gateEntered;
    private volatile string? _failContaining;
    private int _failContainingCount;
    private volatile TaskCompletionSource? _together;
    private int _togetherExpected;
    private int _togetherArrived;
    private TimeSpan _patience;
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>The most requests the server was answering at once since it started or was reset.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Every text the server answered with 200, in order.</summary>
    public ConcurrentQueue<string> Translated { get; } = new();

    public string Url { get; }

    private FakeLibreTranslate(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<FakeLibreTranslate> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeLibreTranslate? fake = null;
        app.MapPost("/translate", (Delegate)((HttpContext http) => fake!.Translate(http)));
        await app.StartAsync();
        fake = new FakeLibreTranslate(app, app.Urls.Single());
        return fake;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        _failFrom = int.MaxValue;
        _failCount = 0;
        _gate = null;
        _gateEntered = null;
        _failContaining = null;
        _together = null;
        Interlocked.Exchange(ref _mostInFlight, 0);
        Translated.Clear();
    }

    /// <summary>Answers 500 to <paramref name="count"/> requests from the <paramref name="from"/>-th (1-based).</summary>
    public void FailRequests(int from, int count)
    {
        _failCount = count;
        _failFrom = from;
    }

    /// <summary>Answers 500 to the first <paramref name="count"/> requests that carry <paramref name="text"/>, whenever they come.</summary>
    public void FailRequestsContaining(string text, int count)
    {
        _failContainingCount = count;
        _failContaining = text;
    }

    /// <summary>
    /// Holds each of the next <paramref name="count"/> requests until all of them have arrived, so
    /// that they are answered together; one that waits <paramref name="patience"/> without the others
    /// is answered 500, as a client sending one request at a time would never bring them.
    /// </summary>
    public void ExpectTogether(int count, TimeSpan patience)
    {
        _togetherExpected = count;
        _togetherArrived = 0;
        _patience = patience;
        _together = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Holds the next request until <see cref="Release"/>; the task completes when it arrives.</summary>
    public Task HoldNextRequest()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gateEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _gateEntered.Task;
    }

    public void Release() => _gate?.TrySetResult();

    public static string TranslationOf(string text, string target) => Detect(text) == target ? text : $"[{target}] {text}";

    private static string Detect(string text) =>
        text.Any(c => c is >= '\u4e00' and <= '\u9fff') ? "zh"
        : text.Any(c => c is >= '\u0400' and <= '\u04ff') ? "ru"
        : text.Any(c => c is >= '\u0600' and <= '\u06ff') ? "ar"
        : "en";

    private async Task<IResult> Translate(HttpContext http)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            for (var most = Volatile.Read(ref _mostInFlight); inFlight > most; most = Volatile.Read(ref _mostInFlight))
                if (Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) == most) break;
            return await TranslateOneAsync(http);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<IResult> TranslateOneAsync(HttpContext http)
    {
        var number = Interlocked.Increment(ref _requests);
        if (_together is { } together && !together.Task.IsCompleted)
        {
            if (Interlocked.Increment(ref _togetherArrived) >= _togetherExpected) together.TrySetResult();
            try
            {
                await together.Task.WaitAsync(_patience);
            }
            catch (TimeoutException)
            {
                return Results.Json(new { error = "Came alone" }, statusCode: 500);
            }
        }
        if (_gateEntered is { } entered && _gate is { } gate)
        {
            _gateEntered = null;
            entered.TrySetResult();
            await gate.Task;
        }
        if (number >= _failFrom && number < _failFrom + _failCount)
            return Results.Json(new { error = "Simulated outage" }, statusCode: 500);

        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var target = body["target"]!.GetValue<string>();
        var texts = body["q"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        if (_failContaining is { } failing && texts.Contains(failing) && Interlocked.Decrement(ref _failContainingCount) >= 0)
            return Results.Json(new { error = "Simulated outage" }, statusCode: 500);
        foreach (var text in texts) Translated.Enqueue(text);
        return Results.Json(new
        {
            translatedText = texts.Select(t => TranslationOf(t, target)),
            detectedLanguage = texts.Select(t => new { confidence = 90.0, language = Detect(t) }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
