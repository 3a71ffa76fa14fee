using System.Text.Json;
using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class AzureSpeechTranscriptTests
{
    private static IReadOnlyList<TranscriptSegment> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return AzureSpeechTranscript.Read(document.RootElement, "en-GB", detail => new ProviderException("Azure Speech", detail, transient: false));
    }

    [Fact]
    public void iso_8601_offsets_are_read_when_there_are_no_tick_counts()
    {
        var segments = Read("""{"recognizedPhrases":[{"offset":"PT1M2.5S","duration":"PT1.25S","nBest":[{"display":"Who sent you?"}]}]}""");

        Assert.Equal([new TranscriptSegment(62.5, 63.75, "Who sent you?", "en-GB")], segments);
    }

    [Fact]
    public void phrases_are_ordered_by_time_then_channel_and_unrecognised_or_empty_ones_are_left_out()
    {
        var segments = Read("""
            {"recognizedPhrases":[
              {"channel":1,"offsetInTicks":20000000,"durationInTicks":10000000,"nBest":[{"display":"Right channel."}]},
              {"channel":0,"offsetInTicks":20000000,"durationInTicks":10000000,"nBest":[{"display":"Left channel."}]},
              {"recognitionStatus":"InitialSilenceTimeout","offsetInTicks":0,"durationInTicks":10000000},
              {"recognitionStatus":"Success","offsetInTicks":10000000,"durationInTicks":5000000,"nBest":[{"display":"  "}]},
              {"recognitionStatus":"Success","offsetInTicks":5000000,"durationInTicks":5000000,"locale":"fr-FR","nBest":[{"display":" Allô ? "},{"display":"Hello?"}]}
            ]}
            """);

        Assert.Equal(
            [
                new TranscriptSegment(0.5, 1.0, "Allô ?", "fr-FR"),
                new TranscriptSegment(2.0, 3.0, "Left channel.", "en-GB"),
                new TranscriptSegment(2.0, 3.0, "Right channel.", "en-GB"),
            ],
            segments);
    }

    [Theory]
    [InlineData("""{"source":"x"}""", "the transcript has no recognizedPhrases array")]
    [InlineData("""{"recognizedPhrases":[{"durationInTicks":1,"nBest":[{"display":"x"}]}]}""", "recognizedPhrases[0] has no offset")]
    [InlineData("""{"recognizedPhrases":[{"offsetInTicks":1,"nBest":[{"display":"x"}]}]}""", "recognizedPhrases[0] has no duration")]
    [InlineData("""{"recognizedPhrases":[{"offsetInTicks":1,"durationInTicks":1,"nBest":[]}]}""", "recognizedPhrases[0] has no nBest[0].display")]
    [InlineData("""{"recognizedPhrases":[{"offset":"soon","durationInTicks":1,"nBest":[{"display":"x"}]}]}""", "recognizedPhrases[0] has no offset")]
    public void a_transcript_missing_what_a_segment_needs_is_malformed(string json, string detail)
    {
        var failure = Assert.Throws<ProviderException>(() => Read(json));

        Assert.Equal(detail, failure.Message);
    }
}
