using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// An Azure Blob Storage container, given as a container URL with a SAS token
/// (<c>https://ACCOUNT.blob.core.windows.net/CONTAINER?sv=…&amp;sp=rcwd&amp;sig=…</c>). The token
/// needs read (the Speech service fetches the blob with it), create and write (upload) and delete
/// (withdraw). Use a container of its own with a lifecycle rule that deletes old blobs.
/// </summary>
public sealed record AzureBlobMediaPublisherOptions(Uri ContainerUrl)
{
    public TranscriptionRetryOptions Retry { get; init; } = new();

    // The SAS token is a credential and must never reach a log through the generated ToString.
    public override string ToString() =>
        $"{nameof(AzureBlobMediaPublisherOptions)} {{ ContainerUrl = {ContainerUrl.GetLeftPart(UriPartial.Path)}, Sas = {(string.IsNullOrEmpty(ContainerUrl.Query) ? "(none)" : "***")} }}";
}

/// <summary>
/// Uploads media with Blob Storage's Put Blob (<c>PUT {container}/{name}?{sas}</c>,
/// <c>x-ms-blob-type: BlockBlob</c>; one request, up to 5,000 MiB at this API version) and deletes
/// it when the transcription is done.
/// </summary>
public sealed class AzureBlobMediaPublisher : IMediaPublisher
{
    /// <summary>The Blob Storage REST version sent: the first whose Put Blob takes 5,000 MiB is 2019-12-12.</summary>
    public const string StorageApiVersion = "2021-08-06";

    private const string Name = "Azure Blob Storage";

    private readonly string _container;
    private readonly string _sas;
    private readonly ProviderTransport _transport;
    private readonly ProviderTransport _cleanup;

    public AzureBlobMediaPublisher(AzureBlobMediaPublisherOptions options, HttpClient httpClient, TimeProvider timeProvider)
        : this(options, TranscriptionProviders.Clients(httpClient), timeProvider)
    {
    }

    public AzureBlobMediaPublisher(AzureBlobMediaPublisherOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
        : this(options, TranscriptionProviders.Clients(httpClientFactory), timeProvider)
    {
    }

    private AzureBlobMediaPublisher(AzureBlobMediaPublisherOptions options, Func<HttpClient> client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var url = options.ContainerUrl;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.Fragment))
            throw new ArgumentException($"{TranscriptionProviders.MediaContainerUrlSetting} is not an absolute http(s) URL.", nameof(options));
        if (url.Query.Length <= 1)
            throw new ArgumentException(
                $"{TranscriptionProviders.MediaContainerUrlSetting} has no SAS token: give the container URL with a SAS granting read, create, write and delete (sp=rcwd).",
                nameof(options));
        _container = url.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _sas = url.Query[1..];
        var endpoint = new Uri(_container);
        _transport = new ProviderTransport(Name, endpoint, client, options.Retry.ForTransport(), timeProvider,
            TranscriptionProviders.MediaContainerUrlSetting);
        _cleanup = new ProviderTransport(Name, endpoint, client, options.Retry.ForCleanup(), timeProvider,
            TranscriptionProviders.MediaContainerUrlSetting);
    }

    public async Task<PublishedMedia> PublishAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // A random name: the exhibit's own name or hash says nothing the service needs to know.
        var blob = new Uri($"{_container}/toex-{Guid.NewGuid():N}{Path.GetExtension(path).ToLowerInvariant()}?{_sas}");
        var reply = await _transport.SendAsync(() => Upload(blob, path), cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
            throw Failure(reply);
        return new PublishedMedia(blob, () => WithdrawAsync(blob));
    }

    private static HttpRequestMessage Upload(Uri blob, string path)
    {
        var content = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, blob) { Content = content };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Headers.Add("x-ms-version", StorageApiVersion);
        return request;
    }

    private async ValueTask WithdrawAsync(Uri blob)
    {
        await _cleanup.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, blob);
            request.Headers.Add("x-ms-version", StorageApiVersion);
            return request;
        }, CancellationToken.None).ConfigureAwait(false);
    }

    private ProviderException Failure(ProviderReply reply)
    {
        var (code, message) = Error(reply.Body);
        var said = (code, message) switch
        {
            (null, null) => "",
            (null, _) => $" (Storage said: {message})",
            (_, null) => $" (Storage error {code})",
            _ => $" (Storage said {code}: {message})",
        };
        if (reply.IsTransient)
            return _transport.TransientFailure(reply, said, "the storage account is throttling: rerun later");
        var advice = reply.StatusCode switch
        {
            401 or 403 => $"the SAS token in {TranscriptionProviders.MediaContainerUrlSetting} is wrong, has expired, or lacks create and write permission (it needs sp=rcwd)",
            404 => $"there is no such container: check {TranscriptionProviders.MediaContainerUrlSetting} names an existing container",
            413 => "the media is larger than one Put Blob request takes (5,000 MiB)",
            _ => "the upload was refused, so it is not retried",
        };
        return new ProviderException(Name, $"Uploading the media for transcription to {Name} failed: it answered {reply.Status}{said}; {advice}.",
            transient: false, reply.StatusCode);
    }

    private static (string? Code, string? Message) Error(string body)
    {
        try
        {
            var error = XDocument.Parse(body).Root;
            if (error?.Name.LocalName == "Error")
            {
                var message = error.Element("Message")?.Value.Split('\n')[0].Trim();
                return (error.Element("Code")?.Value, string.IsNullOrEmpty(message) ? null : message);
            }
        }
        catch (XmlException)
        {
        }
        return (null, null);
    }
}
