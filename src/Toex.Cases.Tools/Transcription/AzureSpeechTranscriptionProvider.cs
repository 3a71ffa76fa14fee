using System.Text.Json;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// An Azure Speech resource used for batch transcription. <see cref="Endpoint"/> is the resource's
/// base, <c>https://REGION.api.cognitive.microsoft.com</c> or a custom domain's
/// <c>https://NAME.cognitiveservices.azure.com</c>; the v3.2 path hangs from it.
/// </summary>
public sealed record AzureSpeechOptions(Uri Endpoint, string Key)
{
    /// <summary>The locale assumed when a run names no language (and no identification is set up).</summary>
    public string Locale { get; init; } = "en-GB";

    /// <summary>
    /// When a run names no language and this lists 2 to 10 locales, the service identifies which
    /// of them is spoken; otherwise <see cref="Locale"/> is assumed.
    /// </summary>
    public IReadOnlyList<string> CandidateLocales { get; init; } = [];

    /// <summary>The wait between status checks when the service does not send Retry-After.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a transcription may stay queued or running before this run gives up (transient).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The job's <c>timeToLive</c>: the service deletes it this long after it ends, should our delete fail.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(12);

    public TranscriptionRetryOptions Retry { get; init; } = new();

    /// <summary>The regional endpoint, <c>https://REGION.api.cognitive.microsoft.com</c>.</summary>
    public static Uri RegionalEndpoint(string region) =>
        new($"https://{region.Trim().ToLowerInvariant()}.api.cognitive.microsoft.com");

    // The key must never reach a log through a record's generated ToString.
    public override string ToString() =>
        $"{nameof(AzureSpeechOptions)} {{ Endpoint = {Endpoint}, Locale = {Locale}, CandidateLocales = [{string.Join(", ", CandidateLocales)}], Key = {(string.IsNullOrEmpty(Key) ? "(none)" : "***")} }}";
}

/// <summary>
/// Azure Speech batch transcription, REST API v3.2. The wire format, as implemented:
/// <list type="number">
/// <item><c>POST {endpoint}/speechtotext/v3.2/transcriptions</c> with <c>Ocp-Apim-Subscription-Key</c> and
/// <c>{"contentUrls":[URL],"locale":"en-GB","displayName":"TOEX transcription","properties":{"wordLevelTimestampsEnabled":false,
/// "diarizationEnabled":false,"punctuationMode":"DictatedAndAutomatic","profanityFilterMode":"None","timeToLive":"PT12H"
/// [,"languageIdentification":{"candidateLocales":[…]}]}}</c>; 201 with the job, whose <c>self</c> is its URL.</item>
/// <item><c>GET {self}</c> (with the key) until <c>status</c> is <c>Succeeded</c> or <c>Failed</c> (<c>NotStarted</c> and
/// <c>Running</c> wait: Retry-After when sent, else <see cref="AzureSpeechOptions.PollInterval"/>, on the injected clock).
/// A failed job's reason is <c>properties.error.{code,message}</c>.</item>
/// <item><c>GET {links.files}</c> (default <c>{self}/files</c>, with the key, following <c>@nextLink</c>): the
/// <c>values</c> item of <c>kind: "Transcription"</c> gives <c>links.contentUrl</c>; with none, the
/// <c>TranscriptionReport</c>'s <c>details[].errorMessage</c> says why.</item>
/// <item><c>GET {contentUrl}</c> (a storage SAS URL: no key): <c>recognizedPhrases[]</c>, each with
/// <c>offsetInTicks</c>/<c>durationInTicks</c> (100 ns; or ISO 8601 <c>offset</c>/<c>duration</c>),
/// <c>nBest[0].display</c>, <c>locale</c> (when identified), <c>channel</c> and <c>recognitionStatus</c>.</item>
/// <item><c>DELETE {self}</c>, best effort, whatever happened.</item>
/// </list>
/// Profanity is not masked: a transcript of evidence must say what was said.
/// </summary>
public sealed class AzureSpeechTranscriptionProvider : ITranscriptionProvider
{
    public const string ApiPath = "speechtotext/v3.2";

    private const int MaxFilePages = 100;

    private readonly AzureSpeechOptions _options;
    private readonly IMediaPublisher? _publisher;
    private readonly Func<HttpClient> _client;
    private readonly TimeProvider _time;
    private readonly Uri _transcriptions;
    private readonly ProviderTransport _transport;
    private readonly ProviderTransport _cleanup;

    public AzureSpeechTranscriptionProvider(AzureSpeechOptions options, IMediaPublisher? publisher, HttpClient httpClient, TimeProvider timeProvider)
        : this(options, publisher, TranscriptionProviders.Clients(httpClient), timeProvider)
    {
    }

    public AzureSpeechTranscriptionProvider(AzureSpeechOptions options, IMediaPublisher? publisher, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
        : this(options, publisher, TranscriptionProviders.Clients(httpClientFactory), timeProvider)
    {
    }

    private AzureSpeechTranscriptionProvider(AzureSpeechOptions options, IMediaPublisher? publisher, Func<HttpClient> client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (string.IsNullOrWhiteSpace(options.Key))
            throw new ArgumentException($"Azure Speech needs the Speech resource's key ({TranscriptionProviders.KeySetting}).", nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Locale);
        if (options.CandidateLocales.Count is 1 or > 10)
            throw new ArgumentException(
                $"{TranscriptionProviders.CandidateLocalesSetting} lists {options.CandidateLocales.Count} locales: language identification takes 2 to 10 (or none to turn it off).",
                nameof(options));
        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.MaxWait < options.PollInterval)
            throw new ArgumentOutOfRangeException(nameof(options), "The poll interval must be at least a second and the maximum wait at least one interval.");
        if (options.TimeToLive < TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeToLive, "The time to live must be at least an hour.");
        _transcriptions = new Uri($"{TranscriptionProviders.BaseOf(options.Endpoint)}/{ApiPath}/transcriptions");
        _options = options;
        _publisher = publisher;
        _client = client;
        _time = timeProvider;
        _transport = new ProviderTransport(Name, options.Endpoint, client, options.Retry.ForTransport(), timeProvider, TranscriptionProviders.EndpointSetting);
        _cleanup = new ProviderTransport(Name, options.Endpoint, client, options.Retry.ForCleanup(), timeProvider, TranscriptionProviders.EndpointSetting);
    }

    public string Name => "Azure Speech";

    public async Task<IReadOnlyList<TranscriptSegment>> TranscribeAsync(string mediaPath, string? language, CancellationToken cancellationToken)
    {
        var publisher = _publisher ?? throw new ProviderException(Name,
            $"{Name} batch transcription fetches the media from a URL, and no media publisher is configured: set "
            + $"{TranscriptionProviders.MediaContainerUrlSetting} to an Azure Blob container URL with a SAS token (sp=rcwd), or use Whisper. Nothing was sent.",
            transient: false);
        var locale = SpeechLocales.ForAzure(language, _options.Locale);
        var identify = language is null && _options.CandidateLocales.Count >= 2;

        await using var audio = await SpeechAudio.PrepareAsync(mediaPath, Name, cancellationToken).ConfigureAwait(false);
        await using var published = await publisher.PublishAsync(audio.Path, cancellationToken).ConfigureAwait(false);
        var job = await CreateAsync(published.Url, locale, identify, cancellationToken).ConfigureAwait(false);
        try
        {
            var files = await WaitForAsync(job, cancellationToken).ConfigureAwait(false);
            var content = await TranscriptUrlAsync(files, cancellationToken).ConfigureAwait(false);
            return await ReadTranscriptAsync(content, locale, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DeleteAsync(job).ConfigureAwait(false);
        }
    }

    private async Task<Uri> CreateAsync(Uri media, string locale, bool identify, CancellationToken cancellationToken)
    {
        var reply = await _transport.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _transcriptions)
            {
                Content = ProviderTransport.Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("contentUrls");
                    json.WriteStringValue(media.AbsoluteUri);
                    json.WriteEndArray();
                    json.WriteString("locale", locale);
                    json.WriteString("displayName", "TOEX transcription");
                    json.WriteStartObject("properties");
                    json.WriteBoolean("wordLevelTimestampsEnabled", false);
                    json.WriteBoolean("diarizationEnabled", false);
                    json.WriteString("punctuationMode", "DictatedAndAutomatic");
                    json.WriteString("profanityFilterMode", "None");
                    json.WriteString("timeToLive", System.Xml.XmlConvert.ToString(_options.TimeToLive));
                    if (identify)
                    {
                        json.WriteStartObject("languageIdentification");
                        json.WriteStartArray("candidateLocales");
                        foreach (var candidate in _options.CandidateLocales)
                            json.WriteStringValue(candidate);
                        json.WriteEndArray();
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                    json.WriteEndObject();
                }),
            };
            return WithKey(request);
        }, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw Failure(reply, "creating the transcription", locale);

        using var document = Parse(reply.Body, "the new transcription");
        return Link(document.RootElement, "self", "the new transcription")
            ?? throw Malformed("the new transcription has no self URL");
    }

    /// <summary>Polls the job until it ends; answers its files URL, or throws why it failed.</summary>
    private async Task<Uri> WaitForAsync(Uri job, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.MaxWait;
        while (true)
        {
            var reply = await _transport.SendAsync(() => WithKey(new HttpRequestMessage(HttpMethod.Get, job)), cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
                throw Failure(reply, "checking on the transcription", null);

            using (var document = Parse(reply.Body, "the transcription's status"))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw Malformed($"the transcription's status is a JSON {root.ValueKind}, not an object");
                var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                switch (status)
                {
                    case "Succeeded":
                        return (root.TryGetProperty("links", out var links) ? Link(links, "files", "the transcription's links") : null)
                            ?? new Uri(job.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/files" + job.Query);
                    case "Failed":
                        throw JobFailed(root);
                    case "NotStarted" or "Running":
                        break;
                    default:
                        throw Malformed($"the transcription's status is {(status is null ? "missing" : $"'{status}'")}");
                }
            }

            var wait = reply.RetryAfter is { } asked && asked >= TimeSpan.FromSeconds(1) ? asked : _options.PollInterval;
            if (_time.GetUtcNow() + wait > deadline)
                throw new ProviderException(Name,
                    $"{Name} had not finished the transcription after {ProviderTransport.SecondsText(_options.MaxWait)}; "
                    + "the service may be busy: rerun later (the job was deleted, so the rerun starts afresh)",
                    transient: true);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The transcript's content URL, from the job's (possibly paged) file list.</summary>
    private async Task<Uri> TranscriptUrlAsync(Uri files, CancellationToken cancellationToken)
    {
        Uri? report = null;
        Uri? page = files;
        for (var pages = 0; page is not null && pages < MaxFilePages; pages++)
        {
            var current = page;
            var reply = await _transport.SendAsync(() => WithKey(new HttpRequestMessage(HttpMethod.Get, current)), cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
                throw Failure(reply, "listing the transcription's files", null);

            using var document = Parse(reply.Body, "the transcription's files");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                throw Malformed("the file list has no values array");
            foreach (var file in values.EnumerateArray())
            {
                var kind = file.ValueKind == JsonValueKind.Object && file.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                if (kind is not ("Transcription" or "TranscriptionReport"))
                    continue;
                var content = file.TryGetProperty("links", out var links) ? Link(links, "contentUrl", $"the {kind} file") : null;
                if (content is null)
                    throw Malformed($"a {kind} file has no links.contentUrl");
                if (kind == "Transcription")
                    return content;
                report ??= content;
            }
            page = Link(root, "@nextLink", "the file list");
        }

        throw report is null
            ? Malformed("the finished transcription lists no Transcription file")
            : await NoTranscriptAsync(report, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProviderException> NoTranscriptAsync(Uri report, CancellationToken cancellationToken)
    {
        var reply = await ContentTransport(report).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, report), cancellationToken).ConfigureAwait(false);
        string? said = null;
        if (reply.IsSuccess)
        {
            try
            {
                using var document = JsonDocument.Parse(reply.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                    said = string.Join("; ", details.EnumerateArray()
                        .Where(d => d.ValueKind == JsonValueKind.Object)
                        .Select(d => string.Join(": ", new[] { Text(d, "errorKind"), Text(d, "errorMessage") }.Where(t => t is not null)))
                        .Where(t => t.Length > 0));
            }
            catch (JsonException)
            {
            }
        }
        return new ProviderException(Name,
            $"{Name} finished the job but produced no transcript for the media{(string.IsNullOrEmpty(said) ? "" : $" (its report says: {said})")}: "
            + "the media may be damaged, silent, or in a language other than the one asked for",
            transient: false);
    }

    private async Task<IReadOnlyList<TranscriptSegment>> ReadTranscriptAsync(Uri content, string locale, CancellationToken cancellationToken)
    {
        // The content URL is the service's storage, authorised by its own SAS: the key stays home.
        var reply = await ContentTransport(content).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, content), cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw reply.IsTransient
                ? _transport.TransientFailure(reply, "", "the service's storage is throttling: rerun later")
                : new ProviderException(Name,
                    $"{Name}'s transcript could not be downloaded: its storage answered {reply.Status}; the link may have expired: rerun the transcription",
                    transient: false, reply.StatusCode);
        using var document = Parse(reply.Body, "the transcript");
        return AzureSpeechTranscript.Read(document.RootElement, locale, Malformed);
    }

    private async Task DeleteAsync(Uri job)
    {
        try
        {
            await _cleanup.SendAsync(() => WithKey(new HttpRequestMessage(HttpMethod.Delete, job)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            // Best effort: the job's timeToLive removes it anyway.
        }
    }

    private ProviderTransport ContentTransport(Uri content) =>
        new(Name, new Uri(content.GetLeftPart(UriPartial.Path)), _client, _options.Retry.ForTransport(), _time, "the transcription's result link");

    private HttpRequestMessage WithKey(HttpRequestMessage request)
    {
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.Key);
        return request;
    }

    private ProviderException JobFailed(JsonElement job)
    {
        string? code = null, message = null;
        if (job.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            code = Text(error, "code");
            message = Text(error, "message");
        }
        var said = (code, message) switch
        {
            (null, null) => "gave no reason",
            (null, _) => $"said: {message}",
            (_, null) => $"said {code}",
            _ => $"said {code}: {message}",
        };
        var advice = code switch
        {
            not null when code.Contains("Uri", StringComparison.OrdinalIgnoreCase) || code.Contains("Access", StringComparison.OrdinalIgnoreCase) =>
                $"the service could not fetch the media from its published URL: check that the SAS in {TranscriptionProviders.MediaContainerUrlSetting} grants read, has not expired, and that the storage account's network rules let the Speech service in",
            "InvalidData" or "InvalidAudioFormat" or "InvalidAudio" =>
                "the media may be damaged, silent or too long for batch transcription",
            "InvalidLocale" or "UnsupportedLocale" =>
                "the locale is not one batch transcription supports: give the run a language such as en-GB",
            _ => "this media was not transcribed, and it is not retried",
        };
        return new ProviderException(Name, $"{Name} could not transcribe the media: it {said}; {advice}", transient: false);
    }

    private ProviderException Failure(ProviderReply reply, string doing, string? locale)
    {
        var (code, message) = Error(reply.Body);
        var said = AzureErrors.Said(code, message);
        if (reply.IsTransient)
            return _transport.TransientFailure(reply, said,
                "the service is throttling this key: wait and rerun, or raise the Speech resource's limits");

        var advice = reply.StatusCode switch
        {
            401 => $"the key is wrong or expired, or belongs to another region's resource: check {TranscriptionProviders.KeySetting}, {TranscriptionProviders.EndpointSetting} and {TranscriptionProviders.RegionSetting}",
            403 => "this key may not use batch transcription (the free F0 tier cannot), or the resource's network rules refuse this server",
            404 when doing.StartsWith("creating", StringComparison.Ordinal) =>
                $"there is no Speech to text v3.2 API under {_options.Endpoint}: check {TranscriptionProviders.EndpointSetting} (or {TranscriptionProviders.RegionSetting})",
            404 => "the transcription job has gone (deleted, or expired on the service): rerun",
            400 when locale is not null && (message ?? "").Contains("locale", StringComparison.OrdinalIgnoreCase) =>
                $"'{locale}' may not be a locale batch transcription supports: give the run a language such as en-GB, or set {TranscriptionProviders.LocaleSetting}",
            _ => "the request was refused, so it is not retried",
        };
        return new ProviderException(Name, $"{Name} answered {reply.Status} while {doing}{said}: {advice}", transient: false, reply.StatusCode);
    }

    /// <summary>Speech v3.x answers <c>{code, message, innerError}</c>; the gateway answers <c>{error: {code, message}}</c>.</summary>
    private static (string? Code, string? Message) Error(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, null);
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                root = error;
            var code = Text(root, "code");
            var message = Text(root, "message");
            if (root.TryGetProperty("innerError", out var inner) && inner.ValueKind == JsonValueKind.Object && Text(inner, "message") is { } detail)
                message = message is null ? detail : $"{message} {detail}";
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;

    private Uri? Link(JsonElement element, string property, string what)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String
            && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            return url;
        throw Malformed($"{what} has a {property} that is not an http(s) URL");
    }

    private JsonDocument Parse(string body, string what)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Malformed($"{what} is not JSON");
        }
    }

    private ProviderException Malformed(string detail) =>
        new(Name,
            $"{Name} answered with something this adapter cannot read ({detail}); nothing was transcribed. "
            + $"The service's API may have changed, or {TranscriptionProviders.EndpointSetting} is not a Speech resource",
            transient: false);
}
