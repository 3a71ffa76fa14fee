using System.Text.Json;
using System.Xml;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Transcription;

/// <summary>Reads a batch transcription result file's <c>recognizedPhrases</c> into segments.</summary>
internal static class AzureSpeechTranscript
{
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>
    /// One segment per recognised phrase, in time order (then channel): start and end from the
    /// phrase's offset and duration, text from its best display form, language from its locale or
    /// else <paramref name="locale"/>. Phrases the service did not recognise (a status other than
    /// Success) or whose best text is empty carry no speech and are left out.
    /// </summary>
    public static IReadOnlyList<TranscriptSegment> Read(JsonElement root, string locale, Func<string, ProviderException> malformed)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("recognizedPhrases", out var phrases) || phrases.ValueKind != JsonValueKind.Array)
            throw malformed("the transcript has no recognizedPhrases array");

        var segments = new List<(TranscriptSegment Segment, int Channel)>();
        var i = 0;
        foreach (var phrase in phrases.EnumerateArray())
        {
            var at = $"recognizedPhrases[{i++}]";
            if (phrase.ValueKind != JsonValueKind.Object)
                throw malformed($"{at} is not an object");
            if (phrase.TryGetProperty("recognitionStatus", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() != "Success")
                continue;
            var start = Seconds(phrase, "offsetInTicks", "offset") ?? throw malformed($"{at} has no offset");
            var duration = Seconds(phrase, "durationInTicks", "duration") ?? throw malformed($"{at} has no duration");
            if (!phrase.TryGetProperty("nBest", out var best) || best.ValueKind != JsonValueKind.Array
                || best.GetArrayLength() == 0 || best[0].ValueKind != JsonValueKind.Object
                || !best[0].TryGetProperty("display", out var display) || display.ValueKind != JsonValueKind.String)
                throw malformed($"{at} has no nBest[0].display");
            var text = display.GetString()!.Trim();
            if (text.Length == 0)
                continue;
            var language = phrase.TryGetProperty("locale", out var l) && l.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(l.GetString())
                ? l.GetString()!
                : locale;
            var channel = phrase.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : 0;
            segments.Add((new TranscriptSegment(start, start + duration, text, language), channel));
        }
        return segments.OrderBy(s => s.Segment.Start).ThenBy(s => s.Channel).Select(s => s.Segment).ToList();
    }

    /// <summary>Seconds from a tick count (a number, sometimes written with a fraction), else an ISO 8601 duration.</summary>
    private static double? Seconds(JsonElement phrase, string ticks, string iso)
    {
        if (phrase.TryGetProperty(ticks, out var count) && count.ValueKind == JsonValueKind.Number
            && count.TryGetDouble(out var value) && double.IsFinite(value) && value >= 0)
            return value / TicksPerSecond;
        if (phrase.TryGetProperty(iso, out var text) && text.ValueKind == JsonValueKind.String)
        {
            try
            {
                var span = XmlConvert.ToTimeSpan(text.GetString()!);
                return span >= TimeSpan.Zero ? span.TotalSeconds : null;
            }
            catch (FormatException)
            {
            }
            catch (OverflowException)
            {
            }
        }
        return null;
    }
}
