using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// How hard a speech adapter tries one HTTP request before it gives up, bound from
/// <c>Tools:Transcribe:Retry</c>. The same policy as <see cref="TranslationRetryOptions"/> (and the
/// same pipeline runs it): attempts count the first try; between attempts it waits what the
/// service asked for in Retry-After, or else an exponential back-off with jitter from
/// <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>; a Retry-After longer than
/// <see cref="MaxDelay"/> ends the request at once (transient).
/// </summary>
public sealed record TranscriptionRetryOptions
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one attempt (request and whole response) may take before it counts as a transient
    /// timeout. Uploading an hour of interview audio is one attempt, hence the generous default.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long tidying up after a transcription (deleting the service's job, withdrawing the
    /// uploaded media) may take. One attempt, best effort: a failure never fails the transcript.
    /// </summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal TranslationRetryOptions ForTransport()
    {
        var options = new TranslationRetryOptions
        {
            MaxAttempts = MaxAttempts, BaseDelay = BaseDelay, MaxDelay = MaxDelay, AttemptTimeout = AttemptTimeout,
        };
        options.Validate();
        return options;
    }

    internal TranslationRetryOptions ForCleanup()
    {
        var options = new TranslationRetryOptions
        {
            MaxAttempts = 1, BaseDelay = BaseDelay, MaxDelay = MaxDelay, AttemptTimeout = CleanupTimeout,
        };
        options.Validate();
        return options;
    }
}
