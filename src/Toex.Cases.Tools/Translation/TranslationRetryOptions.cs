namespace Toex.Cases.Tools.Translation;

/// <summary>
/// How hard an adapter tries before it gives up on a request. Attempts count the first try:
/// the default 5 is one request and up to four retries. Between attempts it waits what the
/// service asked for in Retry-After, or else an exponential back-off with jitter from
/// <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>. A Retry-After longer than
/// <see cref="MaxDelay"/> ends the request at once (transient), rather than waiting that long
/// or retrying before the service said it would take more.
/// </summary>
public sealed record TranslationRetryOptions
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt (request and response body) may take before it counts as a transient timeout.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    internal void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        if (BaseDelay <= TimeSpan.Zero || BaseDelay > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "The base delay must be above zero and at most a day.");
        if (MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "The maximum delay must be at least the base delay and at most a day.");
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || AttemptTimeout > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "The attempt timeout must be between 10 ms and a day.");
    }
}
