namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// The <c>Tools:Transcribe</c> settings, as bound from configuration. Which ones matter depends on
/// <see cref="Provider"/>; <see cref="TranscriptionProviders.Create(TranscriptionSettings?, IHttpClientFactory, TimeProvider)"/>
/// says which are missing.
/// </summary>
public sealed record TranscriptionSettings
{
    /// <summary><c>Azure</c>, <c>Whisper</c>, or empty for no transcription.</summary>
    public string? Provider { get; init; }

    /// <summary>Azure: the Speech resource's endpoint; defaults to <see cref="Region"/>'s.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Azure: the Speech resource's key.</summary>
    public string? Key { get; init; }

    /// <summary>Azure: the resource's region (for example <c>uksouth</c>), used when <see cref="Endpoint"/> is empty.</summary>
    public string? Region { get; init; }

    /// <summary>Azure: the Blob container URL with a SAS token (sp=rcwd) the media is published through.</summary>
    public string? MediaContainerUrl { get; init; }

    /// <summary>Azure: the locale assumed when a run names no language (default en-GB).</summary>
    public string? Locale { get; init; }

    /// <summary>Azure: 2 to 10 comma-separated locales to identify among when a run names no language.</summary>
    public string? CandidateLocales { get; init; }

    /// <summary>Whisper: the ggml model file.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Whisper: the threads whisper.cpp uses (default: every core).</summary>
    public int? Threads { get; init; }

    /// <summary>Azure: how hard each HTTP request is tried.</summary>
    public TranscriptionRetryOptions? Retry { get; init; }

    // The key and the SAS token are credentials and must never reach a log through the generated ToString.
    public override string ToString() =>
        $"{nameof(TranscriptionSettings)} {{ Provider = {Provider}, Endpoint = {Endpoint}, Region = {Region}, Locale = {Locale}, "
        + $"CandidateLocales = {CandidateLocales}, ModelPath = {ModelPath}, Threads = {Threads}, "
        + $"Key = {(string.IsNullOrEmpty(Key) ? "(none)" : "***")}, "
        + $"MediaContainerUrl = {(string.IsNullOrEmpty(MediaContainerUrl) ? "(none)" : MediaContainerUrl.Split('?')[0] + "?***")} }}";
}

/// <summary>Builds the configured <see cref="ITranscriptionProvider"/> from the Tools:Transcribe settings.</summary>
public static class TranscriptionProviders
{
    public const string Section = "Tools:Transcribe";
    public const string ProviderSetting = Section + ":Provider";
    public const string EndpointSetting = Section + ":Endpoint";
    public const string KeySetting = Section + ":Key";
    public const string RegionSetting = Section + ":Region";
    public const string MediaContainerUrlSetting = Section + ":MediaContainerUrl";
    public const string LocaleSetting = Section + ":Locale";
    public const string CandidateLocalesSetting = Section + ":CandidateLocales";
    public const string ModelPathSetting = Section + ":ModelPath";
    public const string ThreadsSetting = Section + ":Threads";

    public const string Azure = "Azure";
    public const string Whisper = "Whisper";

    /// <summary>
    /// The name the <see cref="IHttpClientFactory"/> overloads ask for. Give it no timeout of its own
    /// (<see cref="Timeout.InfiniteTimeSpan"/>) and no resilience handler: the adapters time and
    /// retry each attempt themselves, and an upload of an hour's audio outlasts HttpClient's 100 s.
    /// </summary>
    public const string HttpClientName = "Toex.Transcription";

    /// <summary>
    /// The provider the settings name (case-insensitive), or null when <see cref="TranscriptionSettings.Provider"/>
    /// is empty: transcription is not configured. Throws <see cref="ArgumentException"/> naming the
    /// setting for an unknown provider, Azure without a key or without an endpoint or region, Whisper
    /// without a model path, or a URL that is not an absolute http(s) URL. Azure without
    /// <see cref="MediaContainerUrlSetting"/> is built, and each run fails saying the setting is missing.
    /// </summary>
    public static ITranscriptionProvider? Create(TranscriptionSettings? settings, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Create(settings,
            (options, publisher) => new AzureSpeechTranscriptionProvider(options, publisher is null ? null : new AzureBlobMediaPublisher(publisher, httpClientFactory, timeProvider), httpClientFactory, timeProvider));
    }

    /// <inheritdoc cref="Create(TranscriptionSettings?, IHttpClientFactory, TimeProvider)"/>
    public static ITranscriptionProvider? Create(TranscriptionSettings? settings, HttpClient httpClient, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Create(settings,
            (options, publisher) => new AzureSpeechTranscriptionProvider(options, publisher is null ? null : new AzureBlobMediaPublisher(publisher, httpClient, timeProvider), httpClient, timeProvider));
    }

    private static ITranscriptionProvider? Create(
        TranscriptionSettings? settings, Func<AzureSpeechOptions, AzureBlobMediaPublisherOptions?, ITranscriptionProvider> azure)
    {
        var provider = Blank(settings?.Provider);
        if (settings is null || provider is null)
            return null;

        if (provider.Equals(Azure, StringComparison.OrdinalIgnoreCase))
        {
            var key = Blank(settings.Key)
                ?? throw new ArgumentException($"{KeySetting} is empty: Azure Speech needs the Speech resource's key.", nameof(settings));
            var endpoint = Blank(settings.Endpoint) is { } given
                ? Url(given, EndpointSetting)
                : Blank(settings.Region) is { } region
                    ? AzureSpeechOptions.RegionalEndpoint(RegionName(region))
                    : throw new ArgumentException(
                        $"{EndpointSetting} and {RegionSetting} are both empty: give the Speech resource's region (for example uksouth) or its endpoint.",
                        nameof(settings));
            var options = new AzureSpeechOptions(endpoint, key) { CandidateLocales = Locales(settings.CandidateLocales) };
            if (Blank(settings.Locale) is { } locale)
                options = options with { Locale = locale };
            if (settings.Retry is { } retry)
                options = options with { Retry = retry };
            AzureBlobMediaPublisherOptions? publisher = null;
            if (Blank(settings.MediaContainerUrl) is { } container)
                publisher = new AzureBlobMediaPublisherOptions(Url(container, MediaContainerUrlSetting)) { Retry = options.Retry };
            return azure(options, publisher);
        }

        if (provider.Equals(Whisper, StringComparison.OrdinalIgnoreCase))
        {
            var model = Blank(settings.ModelPath)
                ?? throw new ArgumentException(
                    $"{ModelPathSetting} is empty: Whisper needs a whisper.cpp ggml model file on this server (for example /models/ggml-small.bin).",
                    nameof(settings));
            if (settings.Threads is < 1)
                throw new ArgumentException($"{ThreadsSetting} is {settings.Threads}: give at least 1, or leave it empty to use every core.", nameof(settings));
            return new WhisperTranscriptionProvider(new WhisperOptions(model) { Threads = settings.Threads });
        }

        throw new ArgumentException(
            $"{ProviderSetting} is '{settings.Provider}', which is not a transcription provider TOEX knows: use {Azure} or {Whisper}, or leave it empty to turn transcription off.",
            nameof(settings));
    }

    internal static string BaseOf(Uri endpoint) => ProviderHttp.BaseOf(endpoint, EndpointSetting);

    internal static Func<HttpClient> Clients(HttpClient httpClient) => ProviderHttp.Clients(httpClient);

    internal static Func<HttpClient> Clients(IHttpClientFactory httpClientFactory) => ProviderHttp.Clients(httpClientFactory, HttpClientName);

    private static IReadOnlyList<string> Locales(string? list)
    {
        var locales = (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return locales.Length is 0 or (>= 2 and <= 10)
            ? locales
            : throw new ArgumentException(
                $"{CandidateLocalesSetting} lists {locales.Length} locale{(locales.Length == 1 ? "" : "s")}: language identification takes 2 to 10 "
                + "(for example en-GB,pl-PL,ro-RO), or leave it empty to assume the run's language or " + LocaleSetting + ".",
                nameof(list));
    }

    private static string RegionName(string region) =>
        region.All(c => char.IsAsciiLetterOrDigit(c))
            ? region
            : throw new ArgumentException($"{RegionSetting} '{region}' is not an Azure region name such as uksouth.", nameof(region));

    // The URL may carry a SAS token: the message names the setting, never the value.
    private static Uri Url(string value, string setting) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException(
                $"{setting}{(setting == MediaContainerUrlSetting ? "" : $" '{value}'")} is not an absolute http(s) URL.", nameof(value));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
