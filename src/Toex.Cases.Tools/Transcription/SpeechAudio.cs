using System.Buffers.Binary;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// Media as speech engines want it: 16 kHz, mono, 16-bit PCM WAV. Media already in that form is
/// used where it lies; anything else (video, MP3, stereo, other rates) is converted by ffmpeg into
/// a temporary file that disposing deletes. The exhibit itself is only ever read.
/// </summary>
internal sealed class SpeechAudio : IAsyncDisposable
{
    public const int SampleRate = 16_000;

    private SpeechAudio(string path, bool converted)
    {
        Path = path;
        Converted = converted;
    }

    /// <summary>The file to hand to the engine.</summary>
    public string Path { get; }

    /// <summary>True when <see cref="Path"/> is a temporary conversion, not the media given.</summary>
    public bool Converted { get; }

    /// <summary>
    /// The media as speech audio. Throws <see cref="ProviderException"/> (not transient) when there
    /// is no such file, ffmpeg is not installed, or ffmpeg cannot read the media.
    /// </summary>
    public static async Task<SpeechAudio> PrepareAsync(string mediaPath, string provider, CancellationToken cancellationToken, string ffmpeg = "ffmpeg")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!File.Exists(mediaPath))
            throw new ProviderException(provider, $"There is no media file at {mediaPath} to transcribe.", transient: false);
        if (IsSpeechWav(mediaPath))
            return new SpeechAudio(mediaPath, converted: false);

        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"toex-speech-{Guid.NewGuid():N}.wav");
        try
        {
            var result = await ExternalTool.RunAsync(ffmpeg,
                [
                    "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-i", mediaPath,
                    "-vn", "-sn", "-dn",
                    "-ac", "1", "-ar", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-c:a", "pcm_s16le", "-f", "wav", target,
                ], cancellationToken).ConfigureAwait(false)
                ?? throw new ProviderException(provider,
                    $"{ffmpeg} is not installed on this server (Debian package ffmpeg), so the media cannot be converted to the 16 kHz mono WAV {provider} needs.",
                    transient: false);
            if (result.ExitCode != 0 || !File.Exists(target))
                throw new ProviderException(provider,
                    $"ffmpeg could not convert the media to 16 kHz mono WAV for {provider} ({result.ErrorSummary}); "
                    + "the file may be damaged, have no audio track, or be in a format this server's ffmpeg cannot read.",
                    transient: false);
            return new SpeechAudio(target, converted: true);
        }
        catch
        {
            Delete(target);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Converted)
            Delete(Path);
        return ValueTask.CompletedTask;
    }

    /// <summary>True for a RIFF/WAVE file whose format chunk says PCM, one channel, 16 kHz, 16 bits.</summary>
    internal static bool IsSpeechWav(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> header = stackalloc byte[12];
            if (file.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12
                || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
                return false;
            Span<byte> chunk = stackalloc byte[8];
            while (file.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8)
            {
                var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
                if (!chunk[..4].SequenceEqual("fmt "u8))
                {
                    file.Seek(size + (size & 1), SeekOrigin.Current);
                    continue;
                }
                if (size < 16)
                    return false;
                Span<byte> format = stackalloc byte[16];
                if (file.ReadAtLeast(format, 16, throwOnEndOfStream: false) < 16)
                    return false;
                return BinaryPrimitives.ReadUInt16LittleEndian(format) == 1
                    && BinaryPrimitives.ReadUInt16LittleEndian(format[2..]) == 1
                    && BinaryPrimitives.ReadUInt32LittleEndian(format[4..]) == SampleRate
                    && BinaryPrimitives.ReadUInt16LittleEndian(format[14..]) == 16;
            }
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A temporary file that cannot be deleted now is left to the temp directory's cleaning.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
