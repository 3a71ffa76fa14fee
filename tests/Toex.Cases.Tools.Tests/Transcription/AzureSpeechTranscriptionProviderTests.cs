using System.Text.Json;
using Toex.Cases.Tools.Tests.Translation;
using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class AzureSpeechTranscriptionProviderTests : IAsyncLifetime
{
    private const string Key = "speech-key-123";
    private static readonly string TranscriptionsPath = "/speechtotext/v3.2/transcriptions";

    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly RecordingClock _clock = new();
    private readonly TempDirectory _files = new();
    private readonly FakeSpeechService _service = new();
    private LocalMediaPublisher _publisher = null!;
    private FakeProviderServer? _server;

    public async Task InitializeAsync() => _publisher = await LocalMediaPublisher.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        await _publisher.DisposeAsync();
        _http.Dispose();
        _files.Dispose();
    }

    /// <summary>Attempt and clean-up timeouts the clock recognises, so only real waits are reported.</summary>
    private static TranscriptionRetryOptions Retry(int attempts = 5) =>
        new() { MaxAttempts = attempts, AttemptTimeout = RecordingClock.AttemptTimeout, CleanupTimeout = RecordingClock.AttemptTimeout };

    private async Task<AzureSpeechTranscriptionProvider> Serve(params Reply[] script) => await Serve(options => options, script);

    private async Task<AzureSpeechTranscriptionProvider> Serve(Func<AzureSpeechOptions, AzureSpeechOptions> configure, params Reply[] script)
    {
        _server = await FakeProviderServer.StartAsync(script);
        return new AzureSpeechTranscriptionProvider(configure(new AzureSpeechOptions(_server.Endpoint, Key) { Retry = Retry() }), _publisher, _http, _clock);
    }

    private FakeProviderServer Server => _server!;

    private string Interview() => Wav.Sine(_files.File("interview.wav"), 1.0);

    private static void AssertSegments(IReadOnlyList<TranscriptSegment> expected, IReadOnlyList<TranscriptSegment> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Start, got.Start, 6);
            Assert.Equal(want.End, got.End, 6);
            Assert.Equal(want.Text, got.Text);
            Assert.Equal(want.Language, got.Language);
        }
    }

    [Fact]
    public async Task a_transcription_is_created_polled_until_it_succeeds_honouring_retry_after_and_read_from_its_transcript_file()
    {
        var provider = await Serve(
            _service.Created,
            FakeSpeechService.Status("Running", ("Retry-After", "5")),
            FakeSpeechService.Status("Running"),
            FakeSpeechService.Status("Succeeded"),
            FakeSpeechService.Files,
            FakeSpeechService.Content(FakeSpeechService.Transcript),
            FakeSpeechService.Deleted);
        var media = Interview();

        var call = provider.TranscribeAsync(media, "en", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(5), await _clock.PassNextWaitAsync(call));
        Assert.Equal(TimeSpan.FromSeconds(15), await _clock.PassNextWaitAsync(call));
        AssertSegments(
            [new TranscriptSegment(0.5, 2.8, "Meet me at the dock.", "en-GB"), new TranscriptSegment(4.2, 7.7, "Bring the money tonight.", "en-GB")],
            await call.WaitAsync(FakeProviderServer.Guard));

        var requests = Server.Requests;
        Assert.Equal(
            [
                ("POST", TranscriptionsPath), ("GET", FakeSpeechService.JobPath), ("GET", FakeSpeechService.JobPath), ("GET", FakeSpeechService.JobPath),
                ("GET", FakeSpeechService.JobPath + "/files"), ("GET", "/results/contenturl_0.json"), ("DELETE", FakeSpeechService.JobPath),
            ],
            requests.Select(r => (r.Method, r.Path)));
        Assert.All(requests.Where(r => r.Path.StartsWith("/speechtotext/", StringComparison.Ordinal)),
            r => Assert.Equal(Key, r.Headers["Ocp-Apim-Subscription-Key"]));
        Assert.False(requests[5].Headers.ContainsKey("Ocp-Apim-Subscription-Key"), "the key must not go to the result's storage link");
        Assert.Equal("?sv=2021&sig=transcript", requests[5].Query);

        var create = requests[0];
        Assert.Equal("application/json; charset=utf-8", create.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(create.Body);
        var root = body.RootElement;
        Assert.Equal("en-GB", root.GetProperty("locale").GetString());
        Assert.Equal("TOEX transcription", root.GetProperty("displayName").GetString());
        var properties = root.GetProperty("properties");
        Assert.False(properties.GetProperty("wordLevelTimestampsEnabled").GetBoolean());
        Assert.False(properties.GetProperty("diarizationEnabled").GetBoolean());
        Assert.Equal("None", properties.GetProperty("profanityFilterMode").GetString());
        Assert.Equal("PT12H", properties.GetProperty("timeToLive").GetString());
        Assert.False(properties.TryGetProperty("languageIdentification", out _));

        Assert.Equal([File.ReadAllBytes(media)], _service.Fetched);
        Assert.Equal(1, _publisher.Withdrawn);
    }

    [Fact]
    public async Task with_no_language_named_the_service_identifies_it_among_the_candidate_locales()
    {
        const string transcript = """
            {"recognizedPhrases": [
              {"recognitionStatus": "Success", "channel": 0, "offset": "PT0.2S", "duration": "PT1.3S", "locale": "pl-PL",
               "nBest": [{"confidence": 0.9, "display": "Spotkajmy się w porcie."}]}
            ]}
            """;
        var provider = await Serve(options => options with { CandidateLocales = ["en-GB", "pl-PL", "ro-RO"] },
            _service.Created, FakeSpeechService.Status("Succeeded"), FakeSpeechService.Files, FakeSpeechService.Content(transcript), FakeSpeechService.Deleted);

        var segments = await provider.TranscribeAsync(Interview(), null, CancellationToken.None);

        AssertSegments([new TranscriptSegment(0.2, 1.5, "Spotkajmy się w porcie.", "pl-PL")], segments);
        using var body = JsonDocument.Parse(Server.Requests[0].Body);
        Assert.Equal("en-GB", body.RootElement.GetProperty("locale").GetString());
        Assert.Equal(["en-GB", "pl-PL", "ro-RO"],
            body.RootElement.GetProperty("properties").GetProperty("languageIdentification").GetProperty("candidateLocales")
                .EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task a_run_language_is_sent_as_the_locale_azure_expects()
    {
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Succeeded"), FakeSpeechService.Files,
            FakeSpeechService.Content("""{"recognizedPhrases": []}"""), FakeSpeechService.Deleted);

        Assert.Empty(await provider.TranscribeAsync(Interview(), "ro", CancellationToken.None));

        using var body = JsonDocument.Parse(Server.Requests[0].Body);
        Assert.Equal("ro-RO", body.RootElement.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task throttling_when_creating_waits_the_retry_after_then_creates_the_same_job()
    {
        var provider = await Serve(
            Replies.Json(429, """{"code":"TooManyRequests","message":"Rate limit exceeded."}""", ("Retry-After", "3")),
            _service.Created,
            FakeSpeechService.Status("Succeeded"),
            FakeSpeechService.Files,
            FakeSpeechService.Content(FakeSpeechService.Transcript),
            FakeSpeechService.Deleted);

        var call = provider.TranscribeAsync(Interview(), "en-GB", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), await _clock.PassNextWaitAsync(call));
        Assert.Equal(2, (await call.WaitAsync(FakeProviderServer.Guard)).Count);
        var posts = Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body, posts[1].Body);
    }

    [Fact]
    public async Task a_wrong_key_is_a_permanent_failure_naming_the_settings_and_nothing_is_retried()
    {
        var provider = await Serve(Replies.Json(401,
            """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(401, failure.StatusCode);
        Assert.Equal("Azure Speech", failure.Provider);
        Assert.Contains("Access denied due to invalid subscription key", failure.Message);
        Assert.Contains("Tools:Transcribe:Key", failure.Message);
        Assert.DoesNotContain(Key, failure.Message);
        Assert.Single(Server.Requests);
        Assert.Equal(1, _publisher.Withdrawn);
    }

    [Fact]
    public async Task a_failed_job_is_a_permanent_failure_carrying_the_services_reason_and_the_job_is_deleted()
    {
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Running"),
            FakeSpeechService.Failed("InvalidData", "The audio file could not be decoded."), FakeSpeechService.Deleted);

        var call = provider.TranscribeAsync(Interview(), "en", CancellationToken.None);
        await _clock.PassNextWaitAsync(call);
        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));

        Assert.False(failure.Transient);
        Assert.Contains("InvalidData: The audio file could not be decoded.", failure.Message);
        Assert.Equal(("DELETE", FakeSpeechService.JobPath), (Server.Requests[^1].Method, Server.Requests[^1].Path));
        Assert.Equal(1, _publisher.Withdrawn);
    }

    [Fact]
    public async Task a_job_the_service_could_not_fetch_media_for_points_at_the_container_settings()
    {
        var provider = await Serve(_service.Created,
            FakeSpeechService.Failed("InvalidUri", "Failed to download the audio: 403 Forbidden."), FakeSpeechService.Deleted);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("Tools:Transcribe:MediaContainerUrl", failure.Message);
    }

    [Fact]
    public async Task a_transcript_that_is_not_json_is_a_permanent_failure()
    {
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Succeeded"), FakeSpeechService.Files,
            Replies.Json(200, """{"recognizedPhrases": [{"offsetInTicks": 1"""), FakeSpeechService.Deleted);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("the transcript is not JSON", failure.Message);
        Assert.Equal("DELETE", Server.Requests[^1].Method);
    }

    [Fact]
    public async Task a_create_answer_that_is_not_json_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Text(201, "text/html", "<html>Welcome to nginx!</html>"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("cannot read", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"status":"Paused"}""")]
    public async Task a_status_this_adapter_does_not_know_is_a_permanent_failure_and_the_job_is_deleted(string status)
    {
        var provider = await Serve(_service.Created, Replies.Json(200, status), FakeSpeechService.Deleted);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("cannot read", failure.Message);
        Assert.Equal("DELETE", Server.Requests[^1].Method);
    }

    [Fact]
    public async Task a_finished_job_without_a_transcript_fails_with_the_reports_reason()
    {
        Reply reportOnly = (context, request, stopping) => Replies.Json(200, JsonSerializer.Serialize(new
        {
            values = new[] { new { kind = "TranscriptionReport", links = new { contentUrl = FakeSpeechService.Base(context) + "/results/report.json?sig=r" } } },
        }))(context, request, stopping);
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Succeeded"), reportOnly,
            Replies.Json(200, """{"successfulTranscriptionsCount":0,"failedTranscriptionsCount":1,"details":[{"source":"x","status":"Failed","errorKind":"InvalidData","errorMessage":"The recording has no speech."}]}"""),
            FakeSpeechService.Deleted);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("InvalidData: The recording has no speech.", failure.Message);
    }

    [Fact]
    public async Task a_job_still_running_after_the_maximum_wait_is_a_transient_failure_and_is_deleted()
    {
        var provider = await Serve(options => options with { PollInterval = TimeSpan.FromSeconds(15), MaxWait = TimeSpan.FromSeconds(20) },
            _service.Created, FakeSpeechService.Status("Running"), FakeSpeechService.Status("Running"), FakeSpeechService.Deleted);

        var call = provider.TranscribeAsync(Interview(), "en", CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(15), await _clock.PassNextWaitAsync(call));
        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));

        Assert.True(failure.Transient);
        Assert.Contains("had not finished", failure.Message);
        Assert.Equal("DELETE", Server.Requests[^1].Method);
    }

    [Fact]
    public async Task cancelling_while_the_job_runs_deletes_the_job_and_withdraws_the_media()
    {
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Running"), FakeSpeechService.Deleted);
        using var cancel = new CancellationTokenSource();

        var call = provider.TranscribeAsync(Interview(), "en", cancel.Token);
        await _clock.NextWaitAsync(call);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.Equal(("DELETE", FakeSpeechService.JobPath), (Server.Requests[^1].Method, Server.Requests[^1].Path));
        Assert.Equal(1, _publisher.Withdrawn);
    }

    [Fact]
    public async Task without_a_media_publisher_nothing_is_sent_and_the_failure_names_the_setting()
    {
        _server = await FakeProviderServer.StartAsync(_service.Created);
        var provider = new AzureSpeechTranscriptionProvider(new AzureSpeechOptions(Server.Endpoint, Key), publisher: null, _http, _clock);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranscribeAsync(Interview(), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("no media publisher is configured", failure.Message);
        Assert.Contains("Tools:Transcribe:MediaContainerUrl", failure.Message);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task media_that_is_not_16_khz_mono_wav_is_converted_before_it_is_published()
    {
        var provider = await Serve(_service.Created, FakeSpeechService.Status("Succeeded"), FakeSpeechService.Files,
            FakeSpeechService.Content("""{"recognizedPhrases": []}"""), FakeSpeechService.Deleted);
        var stereo = Wav.Sine(_files.File("stereo.wav"), 1.0, 44_100, 2);

        await provider.TranscribeAsync(stereo, "en", CancellationToken.None);

        var fetched = _files.File("fetched.wav");
        File.WriteAllBytes(fetched, Assert.Single(_service.Fetched));
        var format = Wav.Read(fetched);
        Assert.Equal((1, 1, 16_000, 16), (format.Format, format.Channels, format.SampleRate, format.BitsPerSample));
        Assert.InRange(format.Seconds, 0.95, 1.05);
    }

    [Fact]
    public void the_options_never_show_the_key()
    {
        var options = new AzureSpeechOptions(new Uri("https://uksouth.api.cognitive.microsoft.com"), Key);

        Assert.DoesNotContain(Key, options.ToString());
        Assert.Contains("Key = ***", options.ToString());
    }
}
