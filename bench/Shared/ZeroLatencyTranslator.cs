using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Toex.Cases.Bench;

/// <summary>
/// A local server speaking LibreTranslate's wire format (POST /translate with q[], source "auto",
/// target; answer translatedText[] and detectedLanguage[]) that answers at once: each phrase of the
/// phrasebook becomes its English, anything else (numbers, addresses) is kept. So the run's time is
/// the API's and the database's, not a translation engine's.
/// </summary>
public sealed class ZeroLatencyTranslator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _texts;
    private int _largest;

    private ZeroLatencyTranslator(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();
    public long Requests => Interlocked.Read(ref _requests);
    public long Texts => Interlocked.Read(ref _texts);
    public int LargestRequest => Volatile.Read(ref _largest);

    public static async Task<ZeroLatencyTranslator> StartAsync(int port)
    {
        // As the API (Program.cs): no reloading of configuration on change, which would watch every
        // folder under the working directory, the checkout's PostgreSQL data folder included, and wake
        // for every WAL write (1% of the machine through a tool run, counted as this program's).
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var translator = new ZeroLatencyTranslator(app);
        app.MapPost("/translate", (Func<HttpContext, Task>)translator.TranslateAsync);
        await app.StartAsync();
        return translator;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _texts, 0);
        Volatile.Write(ref _largest, 0);
    }

    private async Task TranslateAsync(HttpContext http)
    {
        using var request = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var q = request.RootElement.GetProperty("q");
        var answers = q.ValueKind == JsonValueKind.Array
            ? q.EnumerateArray().Select(t => Translate(t.GetString() ?? "")).ToArray()
            : [Translate(q.GetString() ?? "")];
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _texts, answers.Length);
        if (answers.Length > _largest) Volatile.Write(ref _largest, answers.Length);

        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("translatedText");
        foreach (var (text, _) in answers) json.WriteStringValue(text);
        json.WriteEndArray();
        json.WriteStartArray("detectedLanguage");
        foreach (var (_, language) in answers)
        {
            json.WriteStartObject();
            json.WriteNumber("confidence", 90.0);
            json.WriteString("language", language);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    /// <summary>Phrase by phrase into English; the first phrase recognised names the language.</summary>
    public static (string Text, string Language) Translate(string text)
    {
        var english = new StringBuilder(text.Length + 16);
        string? language = null;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                english.Append(' ');
                i++;
                continue;
            }
            if (Match(text.AsSpan(i)) is { } phrase)
            {
                language ??= phrase.Language;
                english.Append(phrase.English);
                i += phrase.Text.Length;
                continue;
            }
            var end = text.IndexOf(' ', i);
            if (end < 0) end = text.Length;
            english.Append(text, i, end - i);
            i = end;
        }
        return (english.ToString(), language ?? "en");
    }

    private static Phrase? Match(ReadOnlySpan<char> text)
    {
        foreach (var phrase in Phrasebook.Phrases)
            if (text.StartsWith(phrase.Text, StringComparison.Ordinal))
                return phrase;
        return null;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
