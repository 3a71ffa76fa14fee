using System.Text.Json;

namespace Toex.Cases.Tools.Translation;

/// <summary>
/// A self-hosted LibreTranslate server. <see cref="Key"/> is sent as <c>api_key</c> only when
/// given. The limits should not exceed the server's <c>--batch-limit</c> and <c>--char-limit</c>;
/// the defaults are kept small because LibreTranslate translates on the server's CPU and a large
/// request can outlast <see cref="TranslationRetryOptions.AttemptTimeout"/>.
/// </summary>
public sealed record LibreTranslateOptions(Uri Endpoint, string? Key = null)
{
    public int MaxItems { get; init; } = 100;

    public int MaxCharacters { get; init; } = 20_000;

    public TranslationRetryOptions Retry { get; init; } = new() { AttemptTimeout = TimeSpan.FromMinutes(5) };

    // The key must never reach a log through a record's generated ToString.
    public override string ToString() =>
        $"{nameof(LibreTranslateOptions)} {{ Endpoint = {Endpoint}, MaxItems = {MaxItems}, MaxCharacters = {MaxCharacters}, Key = {(string.IsNullOrEmpty(Key) ? "(none)" : "***")} }}";
}

/// <summary>LibreTranslate's <c>POST {endpoint}/translate</c> with an array <c>q</c> and <c>source: auto</c>.</summary>
public sealed class LibreTranslateProvider : ITranslationProvider
{
    private readonly LibreTranslateOptions _options;
    private readonly Uri _translate;
    private readonly ProviderTransport _transport;

    public LibreTranslateProvider(LibreTranslateOptions options, HttpClient httpClient, TimeProvider timeProvider)
        : this(options, TranslationProviders.Clients(httpClient), timeProvider)
    {
    }

    public LibreTranslateProvider(LibreTranslateOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
        : this(options, TranslationProviders.Clients(httpClientFactory), timeProvider)
    {
    }

    private LibreTranslateProvider(LibreTranslateOptions options, Func<HttpClient> client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _translate = new Uri($"{TranslationProviders.BaseOf(options.Endpoint)}/translate");
        Limits = new TranslationLimits(options.MaxItems, options.MaxCharacters);
        _options = options;
        _transport = new ProviderTransport(Name, options.Endpoint, client, options.Retry, timeProvider);
    }

    public string Name => "LibreTranslate";

    public TranslationLimits Limits { get; }

    public async Task<IReadOnlyList<Translated>> TranslateAsync(IReadOnlyList<string> texts, string targetLanguage, CancellationToken cancellationToken)
    {
        Limits.Check(texts, Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetLanguage);
        if (texts.Count == 0)
            return [];

        var reply = await _transport.SendAsync(() => Request(texts, targetLanguage), cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw Failure(reply);
        return Read(reply.Body, texts.Count);
    }

    private HttpRequestMessage Request(IReadOnlyList<string> texts, string targetLanguage) =>
        new(HttpMethod.Post, _translate)
        {
            Content = ProviderTransport.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("q");
                foreach (var text in texts)
                    json.WriteStringValue(text);
                json.WriteEndArray();
                json.WriteString("source", "auto");
                json.WriteString("target", targetLanguage);
                json.WriteString("format", "text");
                if (!string.IsNullOrEmpty(_options.Key))
                    json.WriteString("api_key", _options.Key);
                json.WriteEndObject();
            }),
        };

    private IReadOnlyList<Translated> Read(string body, int sent)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw _transport.Malformed($"expected a JSON object, got {root.ValueKind}");
        if (!root.TryGetProperty("translatedText", out var translated))
            throw _transport.Malformed("there is no translatedText");

        var texts = translated.ValueKind switch
        {
            JsonValueKind.Array => Texts(translated, sent),
            // An older server, or one answering a single q as a plain string.
            JsonValueKind.String when sent == 1 => [translated.GetString()!],
            JsonValueKind.String => throw _transport.CountMismatch(1, sent),
            _ => throw _transport.Malformed($"translatedText is {translated.ValueKind}"),
        };
        var languages = root.TryGetProperty("detectedLanguage", out var detected)
            ? Languages(detected, sent)
            : null;

        var result = new Translated[sent];
        for (var i = 0; i < sent; i++)
            result[i] = new Translated(languages?[i] ?? Translated.Undetermined, texts[i]);
        return result;
    }

    private string[] Texts(JsonElement translated, int sent)
    {
        var answered = translated.GetArrayLength();
        if (answered != sent)
            throw _transport.CountMismatch(answered, sent);
        var texts = new string[sent];
        var i = 0;
        foreach (var text in translated.EnumerateArray())
        {
            if (text.ValueKind != JsonValueKind.String)
                throw _transport.Malformed($"translatedText[{i}] is {text.ValueKind}");
            texts[i++] = text.GetString()!;
        }
        return texts;
    }

    private string?[]? Languages(JsonElement detected, int sent)
    {
        switch (detected.ValueKind)
        {
            case JsonValueKind.Array:
                var answered = detected.GetArrayLength();
                if (answered != sent)
                    throw _transport.CountMismatch(answered, sent);
                return detected.EnumerateArray().Select(Language).ToArray();
            case JsonValueKind.Object:
                // One detection for the whole request: every text gets it.
                var language = Language(detected);
                return Enumerable.Repeat(language, sent).ToArray();
            case JsonValueKind.Null:
                return null;
            default:
                throw _transport.Malformed($"detectedLanguage is {detected.ValueKind}");
        }
    }

    private static string? Language(JsonElement detection) =>
        detection.ValueKind == JsonValueKind.Object
        && detection.TryGetProperty("language", out var code)
        && code.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(code.GetString())
            ? code.GetString()
            : null;

    private JsonDocument Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw _transport.Malformed("the body is not JSON");
        }
    }

    private ProviderException Failure(ProviderReply reply)
    {
        var message = Error(reply.Body);
        var said = message is null ? "" : $" (LibreTranslate said: {message})";
        if (reply.IsTransient)
            return _transport.TransientFailure(reply, said,
                "the server is rate-limiting this client: wait and rerun, or ask its operator to raise --req-limit for this key");

        var advice = reply.StatusCode switch
        {
            403 => $"the server refused this client: check {TranslationProviders.KeySetting}, or ask the server's operator whether this address is banned for exceeding rate limits",
            404 => $"there is no LibreTranslate under {_options.Endpoint}: check {TranslationProviders.EndpointSetting}",
            400 => $"the server refused the request: if it names a limit, lower MaxItems/MaxCharacters to the server's --batch-limit/--char-limit; "
                + $"if it asks for an API key, set {TranslationProviders.KeySetting}; if a language is not supported, install its model on the server",
            _ => "the request was refused, so it is not retried",
        };
        return new ProviderException(Name, $"{Name} answered {reply.Status}{said}: {advice}", transient: false, reply.StatusCode);
    }

    private static string? Error(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                    ? error.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
