using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Toex.Cases.Tools.Tests.Translation;
using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class TranscriptionProvidersTests : IDisposable
{
    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly FakeTimeProvider _clock = new();
    private readonly TempDirectory _files = new();

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    private ITranscriptionProvider? Create(TranscriptionSettings settings) => TranscriptionProviders.Create(settings, _http, _clock);

    private static TranscriptionSettings Azure => new() { Provider = "Azure", Key = "speech-key", Region = "uksouth" };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void no_provider_configured_gives_no_provider(string? provider)
    {
        Assert.Null(Create(new TranscriptionSettings { Provider = provider, Key = "speech-key", ModelPath = "/models/ggml-small.bin" }));
        Assert.Null(TranscriptionProviders.Create(null, _http, _clock));
    }

    [Theory]
    [InlineData("Azure", typeof(AzureSpeechTranscriptionProvider))]
    [InlineData(" azure ", typeof(AzureSpeechTranscriptionProvider))]
    [InlineData("AZURE", typeof(AzureSpeechTranscriptionProvider))]
    [InlineData("Whisper", typeof(WhisperTranscriptionProvider))]
    [InlineData("whisper", typeof(WhisperTranscriptionProvider))]
    public void the_named_provider_is_built_whatever_the_case(string provider, Type expected)
    {
        var built = Create(new TranscriptionSettings { Provider = provider, Key = "speech-key", Region = "uksouth", ModelPath = "/models/ggml-small.bin" });

        Assert.IsType(expected, built);
    }

    public static TheoryData<TranscriptionSettings, string> Refusals => new()
    {
        { new TranscriptionSettings { Provider = "Google" }, "Tools:Transcribe:Provider is 'Google', which is not a transcription provider TOEX knows: use Azure or Whisper" },
        { Azure with { Key = null }, "Tools:Transcribe:Key is empty" },
        { Azure with { Key = " " }, "Tools:Transcribe:Key is empty" },
        { Azure with { Region = null }, "Tools:Transcribe:Endpoint and Tools:Transcribe:Region are both empty" },
        { Azure with { Region = "uk south/../" }, "Tools:Transcribe:Region 'uk south/../' is not an Azure region name" },
        { Azure with { Endpoint = "uksouth.api.cognitive.microsoft.com" }, "Tools:Transcribe:Endpoint 'uksouth.api.cognitive.microsoft.com' is not an absolute http(s) URL" },
        { Azure with { MediaContainerUrl = "not a url?sig=secret" }, "Tools:Transcribe:MediaContainerUrl is not an absolute http(s) URL" },
        { Azure with { MediaContainerUrl = "https://toexmedia.blob.core.windows.net/audio" }, "Tools:Transcribe:MediaContainerUrl has no SAS token" },
        { Azure with { CandidateLocales = "en-GB" }, "Tools:Transcribe:CandidateLocales lists 1 locale" },
        { Azure with { CandidateLocales = "en-GB,pl-PL,ro-RO,lt-LT,lv-LV,bg-BG,sq-AL,vi-VN,zh-CN,ar-EG,ur-IN" }, "Tools:Transcribe:CandidateLocales lists 11 locales" },
        { new TranscriptionSettings { Provider = "Whisper" }, "Tools:Transcribe:ModelPath is empty" },
        { new TranscriptionSettings { Provider = "Whisper", ModelPath = "/models/ggml-small.bin", Threads = 0 }, "Tools:Transcribe:Threads is 0" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void a_missing_or_wrong_setting_is_refused_naming_it(TranscriptionSettings settings, string message)
    {
        var refused = Assert.ThrowsAny<ArgumentException>(() => Create(settings));

        Assert.Contains(message, refused.Message);
        Assert.DoesNotContain("secret", refused.Message);
    }

    [Fact]
    public void whisper_is_given_the_model_path()
    {
        var whisper = Assert.IsType<WhisperTranscriptionProvider>(Create(new TranscriptionSettings { Provider = "Whisper", ModelPath = "/models/ggml-small.bin" }));

        Assert.Equal("/models/ggml-small.bin", whisper.ModelPath);
    }

    [Fact]
    public async Task azure_without_a_media_container_is_built_but_each_run_fails_naming_the_setting()
    {
        var provider = Create(Azure)!;

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => provider.TranscribeAsync(Wav.Sine(_files.File("interview.wav"), 0.5), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("Tools:Transcribe:MediaContainerUrl", failure.Message);
    }

    [Fact]
    public async Task azure_with_a_region_uploads_to_the_container_then_calls_the_regional_endpoint()
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var provider = TranscriptionProviders.Create(
            Azure with { MediaContainerUrl = "https://toexmedia.blob.core.windows.net/audio?sv=2021&sp=rcwd&sig=secret" }, http, _clock)!;

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => provider.TranscribeAsync(Wav.Sine(_files.File("interview.wav"), 0.5), "en", CancellationToken.None));

        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(
            ["PUT https://toexmedia.blob.core.windows.net/audio/", "POST https://uksouth.api.cognitive.microsoft.com/speechtotext/v3.2/transcriptions", "DELETE https://toexmedia.blob.core.windows.net/audio/"],
            recorder.Requests.Select(r => $"{r.Method} {(r.RequestUri!.AbsolutePath.StartsWith("/audio/", StringComparison.Ordinal) ? "https://toexmedia.blob.core.windows.net/audio/" : r.RequestUri.GetLeftPart(UriPartial.Path))}"));
    }

    [Fact]
    public void the_settings_bind_from_configuration_and_never_show_the_key_or_the_sas()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tools:Transcribe:Provider"] = "Azure",
            ["Tools:Transcribe:Key"] = "speech-key",
            ["Tools:Transcribe:Region"] = "uksouth",
            ["Tools:Transcribe:MediaContainerUrl"] = "https://toexmedia.blob.core.windows.net/audio?sp=rcwd&sig=secret",
            ["Tools:Transcribe:Locale"] = "en-GB",
            ["Tools:Transcribe:CandidateLocales"] = "en-GB,pl-PL",
            ["Tools:Transcribe:Retry:MaxAttempts"] = "3",
            ["Tools:Transcribe:Retry:AttemptTimeout"] = "00:10:00",
        }).Build();

        var settings = configuration.GetSection(TranscriptionProviders.Section).Get<TranscriptionSettings>()!;

        Assert.Equal(("Azure", "speech-key", "uksouth", "en-GB,pl-PL"), (settings.Provider, settings.Key, settings.Region, settings.CandidateLocales));
        Assert.Equal(3, settings.Retry!.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Retry.AttemptTimeout);
        Assert.IsType<AzureSpeechTranscriptionProvider>(Create(settings));
        Assert.DoesNotContain("speech-key", settings.ToString());
        Assert.DoesNotContain("secret", settings.ToString());
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
                Requests.Add(request);
            return Task.FromResult(request.Method == HttpMethod.Post
                ? new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("""{"error":{"code":"401","message":"Access denied."}}""") }
                : new HttpResponseMessage(request.Method == HttpMethod.Put ? HttpStatusCode.Created : HttpStatusCode.Accepted));
        }
    }
}
