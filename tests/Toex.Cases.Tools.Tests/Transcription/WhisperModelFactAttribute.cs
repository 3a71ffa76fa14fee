namespace Toex.Cases.Tools.Tests.Transcription;

/// <summary>
/// A test against a real whisper.cpp model: skipped, saying what to do, unless
/// <c>TOEX_WHISPER_MODEL</c> names a model file and espeak-ng (which speaks the test's words) is
/// installed. No model ships with the repository or can be downloaded by the tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WhisperModelFactAttribute : FactAttribute
{
    public const string Variable = "TOEX_WHISPER_MODEL";

    public WhisperModelFactAttribute()
    {
        var model = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(model))
            Skip = $"Live test: set {Variable} to a whisper.cpp ggml model file (for example ggml-tiny.en.bin) to run it.";
        else if (!File.Exists(model))
            Skip = $"Live test: {Variable} names {model}, which does not exist.";
        else if (!OnPath("espeak-ng"))
            Skip = "Live test: install espeak-ng (Debian package espeak-ng) to speak the test's words.";
    }

    internal static string Model => Environment.GetEnvironmentVariable(Variable)!;

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
