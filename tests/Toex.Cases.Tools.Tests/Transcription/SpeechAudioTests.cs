using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;
using Whisper.net.Wave;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class SpeechAudioTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task stereo_44_khz_audio_is_converted_by_ffmpeg_to_16_khz_mono_pcm_of_the_same_length()
    {
        var original = Wav.Sine(_files.File("interview.wav"), 2.5, 44_100, 2);
        var before = File.ReadAllBytes(original);

        string converted;
        await using (var audio = await SpeechAudio.PrepareAsync(original, "Whisper", CancellationToken.None))
        {
            Assert.True(audio.Converted);
            converted = audio.Path;
            Assert.NotEqual(original, converted);
            var format = Wav.Read(converted);
            Assert.Equal((1, 1, 16_000, 16), (format.Format, format.Channels, format.SampleRate, format.BitsPerSample));
            Assert.InRange(format.Seconds, 2.45, 2.55);
            Assert.True(SpeechAudio.IsSpeechWav(converted));
        }

        Assert.False(File.Exists(converted), "the temporary conversion is deleted");
        Assert.Equal(before, File.ReadAllBytes(original));
    }

    [Fact]
    public async Task the_converted_audio_is_what_whisper_nets_wave_reader_takes()
    {
        var original = Wav.Sine(_files.File("interview.wav"), 2.5, 48_000, 2);

        await using var audio = await SpeechAudio.PrepareAsync(original, "Whisper", CancellationToken.None);
        await using var wave = File.OpenRead(audio.Path);
        var parser = new WaveParser(wave);
        await parser.InitializeAsync();
        var samples = await parser.GetAvgSamplesAsync(CancellationToken.None);

        Assert.Equal((16_000u, (ushort)1), (parser.SampleRate, parser.Channels));
        Assert.InRange(samples.Length, 2.45 * 16_000, 2.55 * 16_000);
    }

    [Fact]
    public async Task audio_already_16_khz_mono_pcm_is_used_where_it_lies()
    {
        var original = Wav.Sine(_files.File("interview.wav"), 0.5);

        await using var audio = await SpeechAudio.PrepareAsync(original, "Whisper", CancellationToken.None);

        Assert.False(audio.Converted);
        Assert.Equal(original, audio.Path);
    }

    [Fact]
    public async Task a_file_that_is_not_media_is_a_permanent_failure_quoting_ffmpeg()
    {
        var notes = _files.File("notes.wav");
        File.WriteAllText(notes, "These are interview notes, not a recording.");

        var failure = await Assert.ThrowsAsync<ProviderException>(() => SpeechAudio.PrepareAsync(notes, "Whisper", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("Whisper", failure.Provider);
        Assert.StartsWith("ffmpeg could not convert the media to 16 kHz mono WAV for Whisper (", failure.Message);
    }

    [Fact]
    public async Task a_server_without_ffmpeg_is_told_which_package_to_install()
    {
        var stereo = Wav.Sine(_files.File("interview.wav"), 0.5, 44_100, 2);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => SpeechAudio.PrepareAsync(stereo, "Whisper", CancellationToken.None, ffmpeg: "toex-no-such-ffmpeg"));

        Assert.False(failure.Transient);
        Assert.Contains("toex-no-such-ffmpeg is not installed on this server (Debian package ffmpeg)", failure.Message);
    }

    [Fact]
    public async Task a_missing_file_is_a_permanent_failure_naming_it()
    {
        var missing = _files.File("gone.mp4");

        var failure = await Assert.ThrowsAsync<ProviderException>(() => SpeechAudio.PrepareAsync(missing, "Whisper", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains(missing, failure.Message);
    }
}
