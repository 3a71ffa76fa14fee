using Toex.Cases.Tools.Transcription;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class MediaProbeTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(16_000, 1)]
    [InlineData(44_100, 2)]
    public async Task the_duration_of_a_two_and_a_half_second_recording_is_measured(int sampleRate, int channels)
    {
        var media = Wav.Sine(_files.File("interview.wav"), 2.5, sampleRate, channels);

        var seconds = await MediaProbe.DurationSecondsAsync(media, CancellationToken.None);

        Assert.InRange(seconds, 2.45, 2.55);
    }

    [Fact]
    public async Task a_file_that_is_not_media_cannot_be_measured()
    {
        var notes = _files.File("notes.mp3");
        File.WriteAllText(notes, "These are interview notes, not a recording.");

        var failure = await Assert.ThrowsAsync<MediaProbeException>(() => MediaProbe.DurationSecondsAsync(notes, CancellationToken.None));

        Assert.StartsWith("ffprobe could not read the media: ", failure.Message);
    }

    [Fact]
    public async Task a_server_without_ffprobe_is_told_which_package_to_install()
    {
        var media = Wav.Sine(_files.File("interview.wav"), 0.5);

        var failure = await Assert.ThrowsAsync<MediaProbeException>(
            () => MediaProbe.DurationSecondsAsync(media, "toex-no-such-ffprobe", CancellationToken.None));

        Assert.Equal("toex-no-such-ffprobe is not installed on this server (Debian package ffmpeg); media duration cannot be measured.", failure.Message);
    }

    [Fact]
    public async Task a_missing_file_is_named()
    {
        var missing = _files.File("gone.wav");

        var failure = await Assert.ThrowsAsync<MediaProbeException>(() => MediaProbe.DurationSecondsAsync(missing, CancellationToken.None));

        Assert.Contains(missing, failure.Message);
    }
}
