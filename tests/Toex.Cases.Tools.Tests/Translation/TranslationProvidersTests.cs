using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

public sealed class TranslationProvidersTests : IDisposable
{
    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly FakeTimeProvider _clock = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void no_provider_configured_gives_no_provider(string? provider)
    {
        Assert.Null(TranslationProviders.Create(provider, "http://libretranslate:5000", "key", null, _http, _clock));
    }

    [Fact]
    public void an_unknown_provider_is_refused_naming_the_setting_and_the_choices()
    {
        var refused = Assert.Throws<ArgumentException>(() => TranslationProviders.Create("Google", null, "key", null, _http, _clock));

        Assert.Contains("Tools:Translate:Provider is 'Google'", refused.Message);
        Assert.Contains("Azure or LibreTranslate", refused.Message);
    }

    [Theory]
    [InlineData("Azure")]
    [InlineData("azure")]
    [InlineData(" AZURE ")]
    public void azure_is_chosen_whatever_the_case(string provider)
    {
        Assert.IsType<AzureTranslatorProvider>(TranslationProviders.Create(provider, null, "key", "uksouth", _http, _clock));
    }

    [Theory]
    [InlineData("LibreTranslate")]
    [InlineData("libretranslate")]
    public void libretranslate_is_chosen_whatever_the_case(string provider)
    {
        Assert.IsType<LibreTranslateProvider>(TranslationProviders.Create(provider, "http://libretranslate:5000", null, null, _http, _clock));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void azure_without_a_key_is_refused_naming_the_setting(string? key)
    {
        var refused = Assert.Throws<ArgumentException>(() => TranslationProviders.Create("Azure", null, key, null, _http, _clock));

        Assert.Contains("Tools:Translate:Key is empty", refused.Message);
    }

    [Fact]
    public void libretranslate_without_an_endpoint_is_refused_naming_the_setting()
    {
        var refused = Assert.Throws<ArgumentException>(() => TranslationProviders.Create("LibreTranslate", null, null, null, _http, _clock));

        Assert.Contains("Tools:Translate:Endpoint is empty", refused.Message);
    }

    [Fact]
    public void libretranslate_takes_the_limits_of_the_server_it_talks_to()
    {
        var configured = TranslationProviders.Create("LibreTranslate", "http://libretranslate:5000", null, null, _http, _clock,
            limits: new TranslationLimits(25, 5000))!;
        var defaults = TranslationProviders.Create("LibreTranslate", "http://libretranslate:5000", null, null, _http, _clock)!;

        Assert.Equal(new TranslationLimits(25, 5000), configured.Limits);
        Assert.Equal(new TranslationLimits(100, 20_000), defaults.Limits);
    }

    [Theory]
    [InlineData("libretranslate:5000")]
    [InlineData("ftp://libretranslate")]
    [InlineData("not a url")]
    public void an_endpoint_that_is_not_an_http_url_is_refused_naming_the_setting(string endpoint)
    {
        var refused = Assert.Throws<ArgumentException>(() => TranslationProviders.Create("LibreTranslate", endpoint, null, null, _http, _clock));

        Assert.Contains("Tools:Translate:Endpoint", refused.Message);
    }

    [Fact]
    public async Task azure_without_an_endpoint_calls_the_global_endpoint()
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var provider = TranslationProviders.Create("Azure", null, " key-with-spaces-around \n", null, http, _clock)!;

        await provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("https://api.cognitive.microsofttranslator.com/translate?api-version=3.0&to=en", request.RequestUri!.AbsoluteUri);
        Assert.Equal("key-with-spaces-around", request.Headers.GetValues("Ocp-Apim-Subscription-Key").Single());
    }

    [Fact]
    public async Task the_retry_options_given_are_used()
    {
        await using var server = await FakeProviderServer.StartAsync(Replies.Json(503, """{"error":"busy"}"""));
        var provider = TranslationProviders.Create("LibreTranslate", server.Endpoint.ToString(), null, null, _http, _clock, RecordingClock.Retry(attempts: 1))!;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None));

        Assert.Contains("after 1 attempt", failure.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_provider_built_from_an_http_client_factory_translates()
    {
        await using var server = await FakeProviderServer.StartAsync(Replies.LibreEcho);
        await using var services = new ServiceCollection()
            .AddHttpClient(TranslationProviders.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false })
            .Services.BuildServiceProvider();
        var provider = TranslationProviders.Create(
            "LibreTranslate", server.Endpoint.ToString(), "lt-key", null, services.GetRequiredService<IHttpClientFactory>(), _clock)!;

        var result = await provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.Equal([new Translated("fr", "EN:Bonsoir")], result);
    }

    public void Dispose() => _http.Dispose();

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""[{"detectedLanguage":{"language":"fr","score":1.0},"translations":[{"text":"Hello","to":"en"}]}]"""),
            });
        }
    }
}
