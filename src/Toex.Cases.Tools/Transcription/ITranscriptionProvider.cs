namespace Toex.Cases.Tools.Transcription;

/// <summary>One stretch of speech: start and end in seconds from the start of the media.</summary>
public sealed record TranscriptSegment(double Start, double End, string Text, string Language);

/// <summary>
/// A speech-to-text service or model. Implementations transcribe exactly the media given and
/// never invent text; they throw <see cref="Translation.ProviderException"/> when they cannot.
/// </summary>
public interface ITranscriptionProvider
{
    string Name { get; }

    Task<IReadOnlyList<TranscriptSegment>> TranscribeAsync(string mediaPath, string? language, CancellationToken cancellationToken);
}
