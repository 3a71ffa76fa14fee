using System.Globalization;

namespace Toex.Cases.Tools.Transcription;

/// <summary>Measures media with ffprobe (Debian package ffmpeg).</summary>
public static class MediaProbe
{
    /// <summary>
    /// The media's duration in seconds, as its container states it. Throws
    /// <see cref="MediaProbeException"/> when there is no such file, ffprobe is not installed, or
    /// ffprobe cannot read a duration from it.
    /// </summary>
    public static Task<double> DurationSecondsAsync(string path, CancellationToken cancellationToken) =>
        DurationSecondsAsync(path, "ffprobe", cancellationToken);

    internal static async Task<double> DurationSecondsAsync(string path, string ffprobe, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new MediaProbeException($"There is no media file at {path} to measure.");

        var result = await ExternalTool.RunAsync(ffprobe,
                ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path], cancellationToken).ConfigureAwait(false)
            ?? throw new MediaProbeException(
                $"{ffprobe} is not installed on this server (Debian package ffmpeg); media duration cannot be measured.");
        if (result.ExitCode != 0)
            throw new MediaProbeException($"ffprobe could not read the media: {result.ErrorSummary}");
        var text = result.StandardOutput.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
            throw new MediaProbeException($"ffprobe found no duration in the media (it printed '{text}'); it may be a still image or a damaged file.");
        return seconds;
    }
}

/// <summary>The media could not be measured; the message says why in words an operator can act on.</summary>
public sealed class MediaProbeException(string message) : Exception(message);
