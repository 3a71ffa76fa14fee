using Toex.Cases.Api.Materials;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Tools.Transcription;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>
/// Transcribes audio or video exhibits with the configured speech provider: one TranscriptSegment
/// artefact per segment; the media's duration (measured by ffprobe) is metered as mediaSeconds.
/// </summary>
public sealed class TranscribeExecutor(Func<ITranscriptionProvider?> providers, Func<string, CancellationToken, Task<double>> measure,
    ContentStore content, TimeProvider clock) : IToolExecutor
{
    public const string NotConfigured =
        "No transcription provider is configured: set Tools:Transcribe:Provider to Azure (with Tools:Transcribe:Endpoint, " +
        ":Key and :Region) or Whisper (with Tools:Transcribe:ModelPath pointing at a whisper.cpp model file). Nothing was transcribed.";

    public Tool Tool => Tool.Transcribe;

    public Task<long> CountAsync(MaterialDetails material, Func<Stream> openContent, CancellationToken cancellationToken) =>
        Task.FromResult(1L);

    public async Task ExecuteAsync(MaterialWork work, CancellationToken cancellationToken)
    {
        if (work.ResumeAfter >= 1) return; // this material's transcript was committed by an earlier attempt
        var provider = providers() ?? throw new ToolRunFailure(NotConfigured);
        var path = content.PathOf(work.Material.Sha256);
        var seconds = await measure(path, cancellationToken);
        var segments = await provider.TranscribeAsync(path, work.Run.Parameters.Language, cancellationToken);
        var now = clock.GetUtcNow();
        var output = segments.Select(s => new TranscriptSegmentProduced(
            work.ArtefactId((long)Math.Round(s.Start * 1000), s.Start.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)),
            work.Run.Id, work.Run.OperationId, work.Material.Id, s.Start, s.End, s.Text, s.Language, now)).ToList();
        // A transcript an earlier run already made of this material (same language) is reused, not appended again.
        var existing = await work.Writer.ExistingAsync(output.Select(s => s.ArtefactId).ToArray(), cancellationToken);
        var fresh = output.Where(s => !existing.Contains(s.ArtefactId)).ToList<object>();
        await work.Writer.AppendAsync(work.Material.Id, 1, 1, fresh,
            new ToolRunMetrics(fresh.Count, existing.Count, 0, 0, seconds), [], cancellationToken);
    }
}
