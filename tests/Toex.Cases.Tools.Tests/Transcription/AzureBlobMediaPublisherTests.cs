using Toex.Cases.Tools.Tests.Translation;
using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class AzureBlobMediaPublisherTests : IAsyncLifetime
{
    private const string Sas = "sv=2021-08-06&sr=c&sp=rcwd&se=2025-03-15T09%3A00%3A00Z&sig=c2VjcmV0";

    private readonly HttpClient _http = FakeProviderServer.NewClient();
    private readonly RecordingClock _clock = new();
    private readonly TempDirectory _files = new();
    private FakeProviderServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _http.Dispose();
        _files.Dispose();
    }

    private async Task<AzureBlobMediaPublisher> Serve(params Reply[] script)
    {
        _server = await FakeProviderServer.StartAsync("/evidence-audio", script);
        var retry = new TranscriptionRetryOptions { AttemptTimeout = RecordingClock.AttemptTimeout, CleanupTimeout = RecordingClock.AttemptTimeout };
        return new AzureBlobMediaPublisher(new AzureBlobMediaPublisherOptions(new Uri($"{_server.Endpoint}?{Sas}")) { Retry = retry }, _http, _clock);
    }

    private FakeProviderServer Server => _server!;

    private static Reply Created { get; } = Replies.Text(201, "text/plain", "");

    private static Reply StorageError(int status, string code, string message) =>
        Replies.Text(status, "application/xml",
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:0f1e2d3c\nTime:2025-03-14T09:00:00Z</Message></Error>");

    [Fact]
    public async Task publishing_puts_the_file_as_a_block_blob_and_withdrawing_deletes_it()
    {
        var publisher = await Serve(Created, Replies.Text(202, "text/plain", ""));
        var media = Wav.Sine(_files.File("interview.wav"), 0.5);

        var published = await publisher.PublishAsync(media, CancellationToken.None);

        var put = Assert.Single(Server.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Matches("^/evidence-audio/toex-[0-9a-f]{32}\\.wav$", put.Path);
        Assert.Equal("?" + Sas, put.Query);
        Assert.Equal("BlockBlob", put.Headers["x-ms-blob-type"]);
        Assert.Equal(AzureBlobMediaPublisher.StorageApiVersion, put.Headers["x-ms-version"]);
        Assert.Equal(new FileInfo(media).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), put.Headers["Content-Length"]);
        Assert.Equal(new Uri(Server.Endpoint, put.Path + put.Query), published.Url);
        Assert.DoesNotContain("sig=", published.ToString());

        await published.DisposeAsync();
        await published.DisposeAsync();

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(("DELETE", put.Path, put.Query), (Server.Requests[1].Method, Server.Requests[1].Path, Server.Requests[1].Query));
    }

    [Fact]
    public async Task a_busy_storage_account_is_retried()
    {
        var publisher = await Serve(StorageError(503, "ServerBusy", "The server is busy."), Created);
        var media = Wav.Sine(_files.File("interview.wav"), 0.5);

        var call = publisher.PublishAsync(media, CancellationToken.None);
        await _clock.PassNextWaitAsync(call);
        await call.WaitAsync(FakeProviderServer.Guard);

        Assert.Equal(2, Server.Requests.Count(r => r.Method == "PUT"));
        Assert.All(Server.Requests, r => Assert.Equal(new FileInfo(media).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers["Content-Length"]));
    }

    [Fact]
    public async Task a_refused_sas_is_a_permanent_failure_that_names_the_setting_and_never_the_token()
    {
        var publisher = await Serve(StorageError(403, "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using this permission."));

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => publisher.PublishAsync(Wav.Sine(_files.File("interview.wav"), 0.5), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(403, failure.StatusCode);
        Assert.Contains("AuthorizationPermissionMismatch: This request is not authorized", failure.Message);
        Assert.Contains("Tools:Transcribe:MediaContainerUrl", failure.Message);
        Assert.DoesNotContain("c2VjcmV0", failure.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public void a_container_url_without_a_sas_token_is_refused_naming_the_setting()
    {
        var refused = Assert.Throws<ArgumentException>(() => new AzureBlobMediaPublisher(
            new AzureBlobMediaPublisherOptions(new Uri("https://toexmedia.blob.core.windows.net/evidence-audio")), _http, _clock));

        Assert.Contains("Tools:Transcribe:MediaContainerUrl has no SAS token", refused.Message);
    }

    [Fact]
    public void the_options_never_show_the_sas_token()
    {
        var options = new AzureBlobMediaPublisherOptions(new Uri($"https://toexmedia.blob.core.windows.net/evidence-audio?{Sas}"));

        Assert.DoesNotContain("c2VjcmV0", options.ToString());
        Assert.Contains("https://toexmedia.blob.core.windows.net/evidence-audio", options.ToString());
    }
}
