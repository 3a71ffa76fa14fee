using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

public sealed class LibreTranslateProviderTests : IAsyncLifetime
{
    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly RecordingClock _clock = new();
    private FakeProviderServer? _server;

    private async Task<LibreTranslateProvider> Serve(params Reply[] script) => await Serve(key: null, script);

    private async Task<LibreTranslateProvider> Serve(string? key, params Reply[] script)
    {
        _server = await FakeProviderServer.StartAsync(script);
        return Provider(new LibreTranslateOptions(_server.Endpoint, key) { Retry = RecordingClock.Retry() });
    }

    private LibreTranslateProvider Provider(LibreTranslateOptions options) => new(options, _http, _clock);

    private FakeProviderServer Server => _server!;

    private static Reply Error(int status, string message) => Replies.Json(status, $$"""{"error":"{{message}}"}""");

    [Fact]
    public async Task translating_sends_the_documented_request_and_maps_each_detected_language_and_text()
    {
        var provider = await Serve("lt-key-456", Replies.Json(200, """
            {"translatedText":["Good evening","Meet at the dock","Good morning"],
             "detectedLanguage":[{"confidence":90.0,"language":"fr"},{"confidence":100.0,"language":"zh"},{"confidence":76.0,"language":"en"}]}
            """));

        var result = await provider.TranslateAsync(["Bonsoir", "在码头见", "Good morning"], "en", CancellationToken.None);

        Assert.Equal(
            [new Translated("fr", "Good evening"), new Translated("zh", "Meet at the dock"), new Translated("en", "Good morning")],
            result);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/translate", request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("""{"q":["Bonsoir","在码头见","Good morning"],"source":"auto","target":"en","format":"text","api_key":"lt-key-456"}""", request.Body);
    }

    [Fact]
    public async Task without_a_key_no_api_key_is_sent()
    {
        var provider = await Serve(Replies.LibreEcho);

        await provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.Equal("""{"q":["Bonsoir"],"source":"auto","target":"en","format":"text"}""", Assert.Single(Server.Requests).Body);
    }

    [Fact]
    public async Task a_single_translated_string_and_a_single_detection_are_accepted_for_one_text()
    {
        var provider = await Serve(Replies.Json(200, """{"translatedText":"Good evening","detectedLanguage":{"confidence":90,"language":"fr"}}"""));

        var result = await provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.Equal([new Translated("fr", "Good evening")], result);
    }

    [Fact]
    public async Task a_single_detection_for_several_texts_applies_to_each()
    {
        var provider = await Serve(Replies.Json(200, """{"translatedText":["Good evening","Hello"],"detectedLanguage":{"confidence":90,"language":"fr"}}"""));

        var result = await provider.TranslateAsync(["Bonsoir", "Salut"], "en", CancellationToken.None);

        Assert.Equal([new Translated("fr", "Good evening"), new Translated("fr", "Hello")], result);
    }

    [Fact]
    public async Task a_reply_without_detections_records_the_languages_as_undetermined()
    {
        var provider = await Serve(Replies.Json(200, """{"translatedText":["Good evening"]}"""));

        var result = await provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.Equal([new Translated(Translated.Undetermined, "Good evening")], result);
    }

    [Fact]
    public async Task the_limits_default_to_100_texts_and_20000_characters_and_can_be_configured()
    {
        var provider = await Serve(Replies.LibreEcho);
        var smaller = Provider(new LibreTranslateOptions(Server.Endpoint) { MaxItems = 10, MaxCharacters = 500 });

        Assert.Equal(new TranslationLimits(100, 20_000), provider.Limits);
        Assert.Equal(new TranslationLimits(10, 500), smaller.Limits);
    }

    [Fact]
    public async Task a_batch_over_the_configured_limits_is_refused_before_anything_is_sent()
    {
        await using var server = await FakeProviderServer.StartAsync(Replies.LibreEcho);
        var provider = Provider(new LibreTranslateOptions(server.Endpoint) { MaxItems = 10, MaxCharacters = 500, Retry = RecordingClock.Retry() });

        await Assert.ThrowsAsync<ArgumentException>(() => provider.TranslateAsync(Enumerable.Repeat("x", 11).ToArray(), "en", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.TranslateAsync([new string('x', 501)], "en", CancellationToken.None));
        var fits = await provider.TranslateAsync(Enumerable.Repeat(new string('x', 50), 10).ToArray(), "en", CancellationToken.None);

        Assert.Equal(10, fits.Count);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_slow_down_then_success_backs_off_and_retries_the_same_request()
    {
        var provider = await Serve("lt-key-456", Error(429, "Slowdown: 30 per 1 minute"), Replies.LibreEcho);

        var call = provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.InRange(await _clock.PassNextWaitAsync(call), TimeSpan.FromTicks(1), TimeSpan.FromSeconds(60));
        Assert.Equal([new Translated("fr", "EN:Bonsoir")], await call.WaitAsync(FakeProviderServer.Guard));
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].Body, Server.Requests[1].Body);
    }

    [Fact]
    public async Task a_slow_down_with_retry_after_waits_exactly_that_long()
    {
        var provider = await Serve(
            Replies.Json(429, """{"error":"Slowdown: 30 per 1 minute"}""", ("Retry-After", "42")),
            Replies.LibreEcho);

        var call = provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(42), await _clock.PassNextWaitAsync(call));
        await call.WaitAsync(FakeProviderServer.Guard);
    }

    [Fact]
    public async Task a_server_that_keeps_failing_fails_as_transient_after_five_attempts()
    {
        var provider = await Serve(Error(500, "Cannot translate text: out of memory"));

        var call = provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None);
        for (var retry = 0; retry < 4; retry++)
            await _clock.PassNextWaitAsync(call);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.True(failure.Transient);
        Assert.Equal(500, failure.StatusCode);
        Assert.Equal("LibreTranslate", failure.Provider);
        Assert.StartsWith("LibreTranslate kept answering 500 Internal Server Error after 5 attempts", failure.Message);
        Assert.Contains("LibreTranslate said: Cannot translate text: out of memory", failure.Message);
        Assert.Equal(5, Server.Requests.Count);
    }

    [Fact]
    public async Task an_invalid_key_fails_at_once_as_permanent_naming_the_setting()
    {
        var provider = await Serve("wrong-key", Error(403, "Invalid API key"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(403, failure.StatusCode);
        Assert.Contains("LibreTranslate said: Invalid API key", failure.Message);
        Assert.Contains("check Tools:Translate:Key", failure.Message);
        Assert.DoesNotContain("wrong-key", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_request_over_the_servers_own_limit_fails_at_once_as_permanent_with_its_explanation()
    {
        var provider = await Serve(Error(400, "Invalid request: request (150) exceeds text limit (100)"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(400, failure.StatusCode);
        Assert.Contains("request (150) exceeds text limit (100)", failure.Message);
        Assert.Contains("lower MaxItems/MaxCharacters", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_reply_that_is_not_json_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Text(200, "text/plain", "OK"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("the body is not JSON", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_reply_without_translated_text_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Json(200, """{"detectedLanguage":{"confidence":90,"language":"fr"}}"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("there is no translatedText", failure.Message);
    }

    [Fact]
    public async Task a_reply_with_fewer_translations_than_texts_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Json(200, """{"translatedText":["Good evening"],"detectedLanguage":[{"confidence":90,"language":"fr"}]}"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir", "Salut"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("answered 1 item for the 2 texts sent", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_single_translated_string_for_several_texts_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Json(200, """{"translatedText":"Good evening Hello"}"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonsoir", "Salut"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("answered 1 item for the 2 texts sent", failure.Message);
    }

    [Fact]
    public async Task cancelling_while_the_server_is_translating_stops_at_once()
    {
        var provider = await Serve(Replies.Hang);
        using var cancel = new CancellationTokenSource();

        var call = provider.TranslateAsync(["Bonsoir"], "en", cancel.Token);
        await Server.NextRequestAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public void the_options_never_show_the_key()
    {
        var options = new LibreTranslateOptions(new Uri("http://libretranslate:5000"), "lt-key-456");

        Assert.DoesNotContain("lt-key-456", options.ToString());
        Assert.Contains("libretranslate:5000", options.ToString());
    }

    [Fact]
    public void by_default_an_attempt_may_take_five_minutes_because_the_server_translates_on_its_own_cpu()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), new LibreTranslateOptions(new Uri("http://libretranslate:5000")).Retry.AttemptTimeout);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _http.Dispose();
    }
}
