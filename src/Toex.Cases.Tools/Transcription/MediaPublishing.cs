namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// Makes a local media file fetchable by a cloud speech service for the length of one
/// transcription. Azure batch transcription reads audio only from a URL, never from the request.
/// Implementations throw <see cref="Translation.ProviderException"/> when they cannot publish.
/// </summary>
public interface IMediaPublisher
{
    Task<PublishedMedia> PublishAsync(string path, CancellationToken cancellationToken);
}

/// <summary>
/// A URL the service can GET the media from. Disposing withdraws it (deletes the uploaded copy),
/// once, and never throws: the transcript matters more than a tidy container.
/// </summary>
public sealed class PublishedMedia(Uri url, Func<ValueTask>? withdraw = null) : IAsyncDisposable
{
    private Func<ValueTask>? _withdraw = withdraw;

    /// <summary>Usually carries a SAS token: never log it.</summary>
    public Uri Url { get; } = url ?? throw new ArgumentNullException(nameof(url));

    public async ValueTask DisposeAsync()
    {
        var withdraw = Interlocked.Exchange(ref _withdraw, null);
        if (withdraw is null)
            return;
        try
        {
            await withdraw().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort by design; the storage's own lifecycle rule is the backstop (see the ADR).
        }
    }

    // The URL's query is a credential.
    public override string ToString() => $"{nameof(PublishedMedia)} {{ Url = {Url.GetLeftPart(UriPartial.Path)}?*** }}";
}
