using System.Text.Json;

namespace Toex.Cases.Tools.Translation;

/// <summary>
/// An Azure Translator resource. <see cref="Endpoint"/> is the base the v3 path hangs from: the
/// global <see cref="GlobalEndpoint"/>, or a custom domain's
/// <c>https://NAME.cognitiveservices.azure.com/translator/text/v3.0</c>. <see cref="Region"/> is
/// needed for a regional or multi-service resource and sent only when given.
/// </summary>
public sealed record AzureTranslatorOptions(Uri Endpoint, string Key, string? Region = null)
{
    public static Uri GlobalEndpoint { get; } = new("https://api.cognitive.microsofttranslator.com");

    public TranslationRetryOptions Retry { get; init; } = new();

    // The key must never reach a log through a record's generated ToString.
    public override string ToString() =>
        $"{nameof(AzureTranslatorOptions)} {{ Endpoint = {Endpoint}, Region = {Region}, Key = {(string.IsNullOrEmpty(Key) ? "(none)" : "***")} }}";
}

/// <summary>Azure Translator's v3 REST API: <c>POST {endpoint}/translate?api-version=3.0&amp;to=…</c>.</summary>
public sealed class AzureTranslatorProvider : ITranslationProvider
{
    /// <summary>The documented ceiling of one request: 1,000 array elements, 50,000 characters in all.</summary>
    public static TranslationLimits DocumentedLimits { get; } = new(1_000, 50_000);

    private readonly AzureTranslatorOptions _options;
    private readonly string _base;
    private readonly ProviderTransport _transport;

    public AzureTranslatorProvider(AzureTranslatorOptions options, HttpClient httpClient, TimeProvider timeProvider)
        : this(options, TranslationProviders.Clients(httpClient), timeProvider)
    {
    }

    public AzureTranslatorProvider(AzureTranslatorOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
        : this(options, TranslationProviders.Clients(httpClientFactory), timeProvider)
    {
    }

    private AzureTranslatorProvider(AzureTranslatorOptions options, Func<HttpClient> client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _base = TranslationProviders.BaseOf(options.Endpoint);
        if (string.IsNullOrWhiteSpace(options.Key))
            throw new ArgumentException($"Azure Translator needs the resource's key ({TranslationProviders.KeySetting}).", nameof(options));
        _options = options;
        _transport = new ProviderTransport(Name, options.Endpoint, client, options.Retry, timeProvider);
    }

    public string Name => "Azure Translator";

    public TranslationLimits Limits => DocumentedLimits;

    public async Task<IReadOnlyList<Translated>> TranslateAsync(IReadOnlyList<string> texts, string targetLanguage, CancellationToken cancellationToken)
    {
        Limits.Check(texts, Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetLanguage);
        if (texts.Count == 0)
            return [];

        var uri = new Uri($"{_base}/translate?api-version=3.0&to={Uri.EscapeDataString(targetLanguage)}");
        var reply = await _transport.SendAsync(() => Request(uri, texts), cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw Failure(reply, targetLanguage);
        return Read(reply.Body, texts.Count);
    }

    private HttpRequestMessage Request(Uri uri, IReadOnlyList<string> texts)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = ProviderTransport.Json(json =>
            {
                json.WriteStartArray();
                foreach (var text in texts)
                {
                    json.WriteStartObject();
                    json.WriteString("Text", text);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }),
        };
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.Key);
        if (!string.IsNullOrWhiteSpace(_options.Region))
            request.Headers.Add("Ocp-Apim-Subscription-Region", _options.Region);
        return request;
    }

    private IReadOnlyList<Translated> Read(string body, int sent)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
            throw _transport.Malformed($"expected a JSON array, got {root.ValueKind}");
        var answered = root.GetArrayLength();
        if (answered != sent)
            throw _transport.CountMismatch(answered, sent);

        var result = new Translated[sent];
        var i = 0;
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("translations", out var translations)
                || translations.ValueKind != JsonValueKind.Array
                || translations.GetArrayLength() == 0
                || translations[0].ValueKind != JsonValueKind.Object
                || !translations[0].TryGetProperty("text", out var text)
                || text.ValueKind != JsonValueKind.String)
                throw _transport.Malformed($"item {i} has no translations[0].text");
            var language = item.TryGetProperty("detectedLanguage", out var detected)
                && detected.ValueKind == JsonValueKind.Object
                && detected.TryGetProperty("language", out var code)
                && code.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(code.GetString())
                    ? code.GetString()!
                    : Translated.Undetermined;
            result[i++] = new Translated(language, text.GetString()!);
        }
        return result;
    }

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

    private ProviderException Failure(ProviderReply reply, string targetLanguage)
    {
        var (code, message) = Error(reply.Body);
        var said = AzureErrors.Said(code, message);
        if (reply.IsTransient)
            return _transport.TransientFailure(reply, said,
                "the service is throttling this key: wait and rerun, or move the Translator resource to a higher pricing tier");

        var advice = reply.StatusCode switch
        {
            401 => $"the key is wrong or expired, or the resource is regional and the region is missing: check {TranslationProviders.KeySetting} and {TranslationProviders.RegionSetting}",
            403 when code == 403001 => "the free tier's monthly character quota is used up: wait for next month or move the Translator resource to a paid tier",
            403 => $"this key may not use Translator: check that {TranslationProviders.KeySetting} is a Translator (or multi-service) resource's key",
            404 => $"there is no Translator v3 API under {_options.Endpoint}: check {TranslationProviders.EndpointSetting} (the global one is {AzureTranslatorOptions.GlobalEndpoint})",
            400 when code is 400019 or 400036 => $"'{targetLanguage}' is not a target language Azure Translator knows: use a code such as en",
            400 when code is 400050 or 400077 => "the request was larger than the service accepts although it was within the documented limits: report this",
            _ => "the request was refused, so it is not retried",
        };
        return new ProviderException(Name, $"{Name} answered {reply.Status}{said}: {advice}", transient: false, reply.StatusCode);
    }

    private static (int? Code, string? Message) Error(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (code, message);
            }
        }
        catch (JsonException)
        {
        }
        return (null, null);
    }
}
