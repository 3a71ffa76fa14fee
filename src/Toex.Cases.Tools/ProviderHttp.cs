namespace Toex.Cases.Tools;

/// <summary>What every HTTP provider adapter does the same way: its endpoint's base and its clients.</summary>
internal static class ProviderHttp
{
    /// <summary>The endpoint without a trailing slash; refuses anything but an absolute http(s) URL without a query.</summary>
    public static string BaseOf(Uri endpoint, string setting)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            throw new ArgumentException($"{setting} '{endpoint}' is not an absolute http(s) URL without a query.", nameof(endpoint));
        return endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public static Func<HttpClient> Clients(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    /// <summary>A client per attempt, as the factory intends, so DNS changes and handler rotation apply.</summary>
    public static Func<HttpClient> Clients(IHttpClientFactory httpClientFactory, string name)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        return () => httpClientFactory.CreateClient(name);
    }
}
