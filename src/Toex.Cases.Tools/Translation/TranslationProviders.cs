namespace Toex.Cases.Tools.Translation;

/// <summary>Builds the configured <see cref="ITranslationProvider"/> from the Tools:Translate settings.</summary>
public static class TranslationProviders
{
    public const string ProviderSetting = "Tools:Translate:Provider";
    public const string EndpointSetting = "Tools:Translate:Endpoint";
    public const string KeySetting = "Tools:Translate:Key";
    public const string RegionSetting = "Tools:Translate:Region";
    /// <summary>LibreTranslate only: texts and characters per request (the server's --batch-limit, --char-limit).</summary>
    public const string MaxItemsSetting = "Tools:Translate:MaxItems";
    public const string MaxCharactersSetting = "Tools:Translate:MaxCharacters";

    public const string Azure = "Azure";
    public const string LibreTranslate = "LibreTranslate";

    /// <summary>The name the <see cref="IHttpClientFactory"/> overloads ask for. Add no resilience handler to it: the adapters retry themselves.</summary>
    public const string HttpClientName = "Toex.Translation";

    /// <summary>
    /// The provider the settings name (case-insensitive), or null when <paramref name="provider"/>
    /// is empty: translation is not configured. Throws <see cref="ArgumentException"/> naming the
    /// setting for an unknown provider, a missing Azure key, a missing LibreTranslate endpoint or
    /// an endpoint that is not an absolute http(s) URL. Azure's endpoint defaults to the global one.
    /// </summary>
    public static ITranslationProvider? Create(
        string? provider, string? endpoint, string? key, string? region,
        HttpClient httpClient, TimeProvider timeProvider, TranslationRetryOptions? retry = null, TranslationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return Create(provider, endpoint, key, region, retry, limits,
            options => new AzureTranslatorProvider(options, httpClient, timeProvider),
            options => new LibreTranslateProvider(options, httpClient, timeProvider));
    }

    /// <inheritdoc cref="Create(string?, string?, string?, string?, HttpClient, TimeProvider, TranslationRetryOptions?, TranslationLimits?)"/>
    public static ITranslationProvider? Create(
        string? provider, string? endpoint, string? key, string? region,
        IHttpClientFactory httpClientFactory, TimeProvider timeProvider, TranslationRetryOptions? retry = null,
        TranslationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        return Create(provider, endpoint, key, region, retry, limits,
            options => new AzureTranslatorProvider(options, httpClientFactory, timeProvider),
            options => new LibreTranslateProvider(options, httpClientFactory, timeProvider));
    }

    private static ITranslationProvider? Create(
        string? provider, string? endpoint, string? key, string? region, TranslationRetryOptions? retry, TranslationLimits? limits,
        Func<AzureTranslatorOptions, ITranslationProvider> azure,
        Func<LibreTranslateOptions, ITranslationProvider> libreTranslate)
    {
        if (string.IsNullOrWhiteSpace(provider))
            return null;
        key = Blank(key);
        region = Blank(region);

        switch (provider.Trim())
        {
            case var name when name.Equals(Azure, StringComparison.OrdinalIgnoreCase):
                if (key is null)
                    throw new ArgumentException($"{KeySetting} is empty: Azure Translator needs the Translator resource's key.", nameof(key));
                var azureOptions = new AzureTranslatorOptions(Blank(endpoint) is { } given ? Url(given) : AzureTranslatorOptions.GlobalEndpoint, key, region);
                return azure(retry is null ? azureOptions : azureOptions with { Retry = retry });

            case var name when name.Equals(LibreTranslate, StringComparison.OrdinalIgnoreCase):
                var url = Blank(endpoint)
                    ?? throw new ArgumentException($"{EndpointSetting} is empty: LibreTranslate is self-hosted, so give its URL (for example http://libretranslate:5000).", nameof(endpoint));
                var libreOptions = new LibreTranslateOptions(Url(url), key);
                // A LibreTranslate server's own --batch-limit and --char-limit: requests must stay within them.
                if (limits is not null) libreOptions = libreOptions with { MaxItems = limits.MaxItems, MaxCharacters = limits.MaxCharacters };
                return libreTranslate(retry is null ? libreOptions : libreOptions with { Retry = retry });

            default:
                throw new ArgumentException(
                    $"{ProviderSetting} is '{provider}', which is not a translation provider TOEX knows: use {Azure} or {LibreTranslate}, or leave it empty to turn translation off.",
                    nameof(provider));
        }
    }

    internal static string BaseOf(Uri endpoint) => ProviderHttp.BaseOf(endpoint, EndpointSetting);

    internal static Func<HttpClient> Clients(HttpClient httpClient) => ProviderHttp.Clients(httpClient);

    internal static Func<HttpClient> Clients(IHttpClientFactory httpClientFactory) => ProviderHttp.Clients(httpClientFactory, HttpClientName);

    private static Uri Url(string endpoint) =>
        Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException($"{EndpointSetting} '{endpoint}' is not an absolute http(s) URL.", nameof(endpoint));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
