using System.Diagnostics;
using Toex.Cases.Tools.Transcription;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class WhisperTranscriptionProviderTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task a_missing_model_file_is_a_permanent_failure_naming_the_path_and_the_setting()
    {
        var model = _files.File("ggml-small.bin");
        using var provider = new WhisperTranscriptionProvider(new WhisperOptions(model));

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => provider.TranscribeAsync(Wav.Sine(_files.File("interview.wav"), 0.5), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("Whisper", failure.Provider);
        Assert.Contains($"The Whisper model file {model} does not exist", failure.Message);
        Assert.Contains("Tools:Transcribe:ModelPath", failure.Message);
    }

    [Fact]
    public async Task a_file_that_is_not_a_whisper_model_is_refused_by_the_real_loader_naming_the_setting()
    {
        var model = _files.File("ggml-small.bin");
        File.WriteAllText(model, "<html>404 Not Found</html>");
        using var provider = new WhisperTranscriptionProvider(new WhisperOptions(model));

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => provider.TranscribeAsync(Wav.Sine(_files.File("interview.wav"), 0.5), "en", CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains($"{model} is not a whisper.cpp model", failure.Message);
        Assert.Contains("Tools:Transcribe:ModelPath", failure.Message);
    }

    [Fact]
    public void a_relative_model_path_is_resolved_against_the_working_directory()
    {
        using var provider = new WhisperTranscriptionProvider(new WhisperOptions("models/ggml-small.bin"));

        Assert.Equal(Path.GetFullPath("models/ggml-small.bin"), provider.ModelPath);
    }

    [WhisperModelFact]
    public async Task a_real_model_transcribes_spoken_english_with_timings()
    {
        var speech = _files.File("speech.wav");
        using (var espeak = Process.Start(new ProcessStartInfo("espeak-ng", ["-v", "en-gb", "-s", "140", "-w", speech,
                   "Meet me at the dock tonight and bring the money."]) { RedirectStandardError = true })!)
            await espeak.WaitForExitAsync();
        using var provider = new WhisperTranscriptionProvider(new WhisperOptions(WhisperModelFactAttribute.Model));

        var segments = await provider.TranscribeAsync(speech, "en", CancellationToken.None);

        Assert.NotEmpty(segments);
        var text = string.Join(' ', segments.Select(s => s.Text)).ToLowerInvariant();
        Assert.Contains("dock", text);
        Assert.Contains("money", text);
        Assert.All(segments, s =>
        {
            Assert.InRange(s.Start, 0, s.End);
            Assert.Equal("en", s.Language);
        });
    }
}
