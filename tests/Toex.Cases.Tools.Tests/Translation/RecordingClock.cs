using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

/// <summary>
/// A fake clock that reports each wait the code under test starts, so a test advances time by
/// exactly that wait instead of sleeping. Waits of <see cref="AttemptTimeout"/> are the
/// per-attempt timeouts and are not reported (advance by <see cref="AttemptTimeout"/> to fire one).
/// </summary>
internal sealed class RecordingClock : FakeTimeProvider
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(10);

    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public RecordingClock()
        : base(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Retry options whose attempt timeout this clock recognises.</summary>
    public static TranslationRetryOptions Retry(int attempts = 5) => new() { MaxAttempts = attempts, AttemptTimeout = AttemptTimeout };

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime != AttemptTimeout)
            _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The next wait <paramref name="call"/> starts; fails if the call ends first.</summary>
    public async Task<TimeSpan> NextWaitAsync(Task call)
    {
        var next = _waits.Reader.ReadAsync().AsTask();
        var first = await Task.WhenAny(next, call).WaitAsync(FakeProviderServer.Guard);
        if (first == next)
            return await next;
        await call;
        throw new InvalidOperationException("The call ended without waiting to retry.");
    }

    /// <summary>Lets the next wait of <paramref name="call"/> run out, and answers how long it was.</summary>
    public async Task<TimeSpan> PassNextWaitAsync(Task call)
    {
        var wait = await NextWaitAsync(call);
        Advance(wait);
        return wait;
    }
}
