using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

public sealed class AzureTranslatorProviderTests : IAsyncLifetime
{
    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly RecordingClock _clock = new();
    private FakeProviderServer? _server;

    private async Task<AzureTranslatorProvider> Serve(params Reply[] script) => await ServeAt("", script);

    private async Task<AzureTranslatorProvider> ServeAt(string pathBase, params Reply[] script)
    {
        _server = await FakeProviderServer.StartAsync(pathBase, script);
        return Provider(_server.Endpoint, RecordingClock.Retry());
    }

    private AzureTranslatorProvider Provider(Uri endpoint, TranslationRetryOptions retry, string? region = "uksouth") =>
        new(new AzureTranslatorOptions(endpoint, "azure-key-123", region) { Retry = retry }, _http, _clock);

    private FakeProviderServer Server => _server!;

    private static Reply Error(int status, int code, string message, params (string, string)[] headers) =>
        Replies.Json(status, $$$"""{"error":{"code":{{{code}}},"message":"{{{message}}}"}}""", headers);

    [Fact]
    public async Task translating_sends_the_documented_request_and_maps_each_detected_language_and_text()
    {
        var provider = await Serve(Replies.Json(200, """
            [{"detectedLanguage":{"language":"zh-Hans","score":1.0},"translations":[{"text":"Meet at the dock","to":"en"}]},
             {"detectedLanguage":{"language":"fr","score":0.98},"translations":[{"text":"Bring \"the\" money\ntonight","to":"en"}]},
             {"detectedLanguage":{"language":"en","score":1.0},"translations":[{"text":"See you at 8","to":"en"}]}]
            """));

        var result = await provider.TranslateAsync(["在码头见", "Apporte \"l'\" argent\nce soir", "See you at 8"], "en", CancellationToken.None);

        Assert.Equal(
            [new Translated("zh-Hans", "Meet at the dock"), new Translated("fr", "Bring \"the\" money\ntonight"), new Translated("en", "See you at 8")],
            result);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/translate", request.Path);
        Assert.Equal("?api-version=3.0&to=en", request.Query);
        Assert.Equal("azure-key-123", request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.Equal("uksouth", request.Headers["Ocp-Apim-Subscription-Region"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("""[{"Text":"在码头见"},{"Text":"Apporte \"l'\" argent\nce soir"},{"Text":"See you at 8"}]""", request.Body);
    }

    [Fact]
    public async Task the_region_header_is_left_out_when_no_region_is_configured()
    {
        _server = await FakeProviderServer.StartAsync(Replies.AzureEcho);
        var provider = Provider(Server.Endpoint, RecordingClock.Retry(), region: null);

        await provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);

        Assert.False(Assert.Single(Server.Requests).Headers.ContainsKey("Ocp-Apim-Subscription-Region"));
    }

    [Fact]
    public async Task a_custom_domain_endpoint_keeps_its_path_and_the_target_is_escaped()
    {
        var provider = await ServeAt("/translator/text/v3.0", Replies.AzureEcho);

        await provider.TranslateAsync(["Bonjour"], "zh-Hans", CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/translator/text/v3.0/translate", request.Path);
        Assert.Equal("?api-version=3.0&to=zh-Hans", request.Query);
    }

    [Fact]
    public async Task a_detected_language_missing_from_the_reply_is_recorded_as_undetermined()
    {
        var provider = await Serve(Replies.Json(200, """[{"translations":[{"text":"","to":"en"}]}]"""));

        var result = await provider.TranslateAsync([""], "en", CancellationToken.None);

        Assert.Equal([new Translated(Translated.Undetermined, "")], result);
        Assert.Equal("""[{"Text":""}]""", Assert.Single(Server.Requests).Body);
    }

    [Fact]
    public async Task an_empty_list_sends_nothing_and_answers_nothing()
    {
        var provider = await Serve(Replies.AzureEcho);

        Assert.Empty(await provider.TranslateAsync([], "en", CancellationToken.None));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task the_limits_are_the_documented_1000_texts_and_50000_characters()
    {
        var provider = await Serve(Replies.AzureEcho);

        Assert.Equal(new TranslationLimits(1_000, 50_000), provider.Limits);
    }

    [Fact]
    public async Task exactly_1000_texts_of_50000_characters_in_all_go_in_one_request()
    {
        var provider = await Serve(Replies.AzureEcho);
        var texts = Enumerable.Range(0, 1_000).Select(i => i.ToString("D4") + new string('x', 46)).ToArray();

        var result = await provider.TranslateAsync(texts, "en", CancellationToken.None);

        Assert.Single(Server.Requests);
        Assert.Equal(texts.Select(text => "EN:" + text), result.Select(r => r.Text));
    }

    [Fact]
    public async Task a_1001st_text_is_refused_before_anything_is_sent()
    {
        var provider = await Serve(Replies.AzureEcho);

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => provider.TranslateAsync(Enumerable.Repeat("x", 1_001).ToArray(), "en", CancellationToken.None));

        Assert.Contains("1001 texts are more than the 1000", refused.Message);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task a_50001st_character_is_refused_before_anything_is_sent()
    {
        var provider = await Serve(Replies.AzureEcho);

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => provider.TranslateAsync([new string('x', 25_000), new string('y', 25_001)], "en", CancellationToken.None));

        Assert.Contains("50001 characters are more than the 50000", refused.Message);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task a_long_export_split_into_batches_is_sent_in_requests_within_the_limits_and_answered_in_order()
    {
        var provider = await Serve(Replies.AzureEcho);
        var lines = Enumerable.Range(0, 2_600).Select(i => $"line {i:D5} " + new string('m', i % 7 == 0 ? 900 : 20)).ToArray();

        var translated = new List<string>();
        foreach (var batch in TranslationBatches.Split(lines, line => line, provider.Limits))
            translated.AddRange((await provider.TranslateAsync(batch, "en", CancellationToken.None)).Select(t => t.Text));

        Assert.Equal(lines.Select(line => "EN:" + line), translated);
        Assert.True(Server.Requests.Count > 2);
        Assert.All(Server.Requests, request =>
        {
            var texts = System.Text.Json.JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(item => item.GetProperty("Text").GetString()!).ToArray();
            Assert.InRange(texts.Length, 1, 1_000);
            Assert.InRange(texts.Sum(text => text.Length), 1, 50_000);
        });
    }

    [Fact]
    public async Task throttling_with_retry_after_in_seconds_waits_exactly_that_long_then_succeeds()
    {
        var provider = await Serve(Error(429, 429001, "The server rejected the request because the client has exceeded request limits.", ("Retry-After", "7")), Replies.AzureEcho);

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), await _clock.PassNextWaitAsync(call));
        Assert.Equal([new Translated("fr", "EN:Bonjour")], await call.WaitAsync(FakeProviderServer.Guard));
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].Body, Server.Requests[1].Body);
    }

    [Fact]
    public async Task retry_after_as_an_http_date_is_measured_from_the_responses_own_date()
    {
        var provider = await Serve(
            Error(429, 429001, "Too many requests", ("Date", "Tue, 15 Nov 1994 08:12:31 GMT"), ("Retry-After", "Tue, 15 Nov 1994 08:12:43 GMT")),
            Replies.AzureEcho);

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(12), await _clock.PassNextWaitAsync(call));
        await call.WaitAsync(FakeProviderServer.Guard);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task two_503s_then_success_backs_off_between_attempts()
    {
        var unavailable = Error(503, 503000, "The service is temporarily unavailable.");
        var provider = await Serve(unavailable, unavailable, Replies.AzureEcho);

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);

        var first = await _clock.PassNextWaitAsync(call);
        var second = await _clock.PassNextWaitAsync(call);
        Assert.Equal([new Translated("fr", "EN:Bonjour")], await call.WaitAsync(FakeProviderServer.Guard));
        Assert.Equal(3, Server.Requests.Count);
        Assert.All([first, second], wait => Assert.InRange(wait, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task a_service_that_keeps_throttling_fails_as_transient_naming_the_attempts()
    {
        var provider = await Serve(Error(429, 429001, "The server rejected the request because the client has exceeded request limits.", ("Retry-After", "1")));

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);
        for (var retry = 0; retry < 4; retry++)
            Assert.Equal(TimeSpan.FromSeconds(1), await _clock.PassNextWaitAsync(call));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.True(failure.Transient);
        Assert.Equal(429, failure.StatusCode);
        Assert.Equal("Azure Translator", failure.Provider);
        Assert.StartsWith("Azure Translator kept answering 429 Too Many Requests after 5 attempts", failure.Message);
        Assert.Contains("the service is throttling this key", failure.Message);
        Assert.Equal(5, Server.Requests.Count);
    }

    [Fact]
    public async Task the_number_of_attempts_is_configurable()
    {
        _server = await FakeProviderServer.StartAsync(Error(503, 503000, "The service is temporarily unavailable."));
        var provider = Provider(Server.Endpoint, RecordingClock.Retry(attempts: 2));

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);
        await _clock.PassNextWaitAsync(call);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.True(failure.Transient);
        Assert.Equal(503, failure.StatusCode);
        Assert.Contains("kept answering 503 Service Unavailable after 2 attempts", failure.Message);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task a_retry_after_longer_than_the_maximum_delay_gives_up_at_once_as_transient()
    {
        var provider = await Serve(Error(429, 429002, "Too many requests", ("Retry-After", "3600")));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Equal(429, failure.StatusCode);
        Assert.Contains("asked to wait 3600 s, longer than the 60 s this run waits between attempts", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task an_attempt_that_gets_no_answer_times_out_and_is_retried()
    {
        var provider = await Serve(Replies.Hang, Replies.AzureEcho);

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);
        await Server.NextRequestAsync();
        _clock.Advance(RecordingClock.AttemptTimeout);
        await _clock.PassNextWaitAsync(call);

        Assert.Equal([new Translated("fr", "EN:Bonjour")], await call.WaitAsync(FakeProviderServer.Guard));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task attempts_that_all_time_out_fail_as_transient()
    {
        _server = await FakeProviderServer.StartAsync(Replies.Hang);
        var provider = Provider(Server.Endpoint, RecordingClock.Retry(attempts: 2));

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);
        await Server.NextRequestAsync();
        _clock.Advance(RecordingClock.AttemptTimeout);
        await _clock.PassNextWaitAsync(call);
        await Server.NextRequestAsync();
        _clock.Advance(RecordingClock.AttemptTimeout);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.True(failure.Transient);
        Assert.Null(failure.StatusCode);
        Assert.Contains("gave up after 2 attempts: the last got no answer within 600 s", failure.Message);
    }

    [Fact]
    public async Task an_unreachable_endpoint_fails_as_transient_naming_the_endpoint_setting()
    {
        Uri closed;
        await using (var gone = await FakeProviderServer.StartAsync(Replies.AzureEcho))
            closed = gone.Endpoint;
        var provider = Provider(closed, RecordingClock.Retry(attempts: 2));

        var call = provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None);
        await _clock.PassNextWaitAsync(call);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.True(failure.Transient);
        Assert.Contains($"could not be reached at {closed} after 2 attempts", failure.Message);
        Assert.Contains("Tools:Translate:Endpoint", failure.Message);
    }

    [Fact]
    public async Task a_wrong_key_fails_at_once_as_permanent_naming_the_setting()
    {
        var provider = await Serve(Error(401, 401000, "The request is not authorized because credentials are missing or invalid."));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("401000", failure.Message);
        Assert.Contains("the key is wrong or expired", failure.Message);
        Assert.Contains("check Tools:Translate:Key", failure.Message);
        Assert.DoesNotContain("azure-key-123", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task an_unknown_target_language_fails_at_once_as_permanent_with_the_services_explanation()
    {
        var provider = await Serve(Error(400, 400036, "The target language is not valid."));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "xx", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(400, failure.StatusCode);
        Assert.Contains("Azure said 400036: The target language is not valid.", failure.Message);
        Assert.Contains("'xx' is not a target language", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_used_up_free_tier_fails_as_permanent_saying_so()
    {
        var provider = await Serve(Error(403, 403001, "The operation is not allowed because the subscription has exceeded its free quota."));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("free tier's monthly character quota is used up", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_wrong_endpoint_answering_404_fails_as_permanent_naming_the_setting()
    {
        var provider = await Serve(Replies.Text(404, "text/html", "<html>Not found</html>"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(404, failure.StatusCode);
        Assert.Contains("check Tools:Translate:Endpoint", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_reply_that_is_not_json_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Text(200, "text/html", "<html>Sign in to continue</html>"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("cannot read (the body is not JSON)", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_reply_item_without_a_translation_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Json(200, """[{"detectedLanguage":{"language":"fr","score":1.0},"translations":[]}]"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("item 0 has no translations[0].text", failure.Message);
    }

    [Fact]
    public async Task a_reply_with_fewer_items_than_texts_is_a_permanent_failure()
    {
        var provider = await Serve(Replies.Json(200, """[{"detectedLanguage":{"language":"fr","score":1.0},"translations":[{"text":"Hello","to":"en"}]}]"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.TranslateAsync(["Bonjour", "Salut"], "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("answered 1 item for the 2 texts sent", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task cancelling_while_the_service_is_answering_stops_at_once()
    {
        var provider = await Serve(Replies.Hang);
        using var cancel = new CancellationTokenSource();

        var call = provider.TranslateAsync(["Bonjour"], "en", cancel.Token);
        await Server.NextRequestAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task cancelling_while_waiting_to_retry_stops_at_once()
    {
        var provider = await Serve(Error(503, 503000, "The service is temporarily unavailable."));
        using var cancel = new CancellationTokenSource();

        var call = provider.TranslateAsync(["Bonjour"], "en", cancel.Token);
        await _clock.NextWaitAsync(call);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(FakeProviderServer.Guard));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task a_token_cancelled_beforehand_sends_nothing()
    {
        var provider = await Serve(Replies.AzureEcho);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.TranslateAsync(["Bonjour"], "en", new CancellationToken(canceled: true)));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void the_options_never_show_the_key()
    {
        var options = new AzureTranslatorOptions(AzureTranslatorOptions.GlobalEndpoint, "azure-key-123", "uksouth");

        Assert.DoesNotContain("azure-key-123", options.ToString());
        Assert.Contains("uksouth", options.ToString());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _http.Dispose();
    }
}
