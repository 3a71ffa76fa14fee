using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Toex.Cases.Tools.Translation;

/// <summary>One HTTP answer from a provider, read whole inside the attempt that got it.</summary>
internal sealed record ProviderReply(int StatusCode, string Status, string Body, TimeSpan? RetryAfter, int Attempt)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public bool IsTransient => StatusCode is 408 or 429 or >= 500;
}

/// <summary>
/// Sends a provider's request through one Polly pipeline: an outer retry (exponential back-off
/// with jitter, or the service's Retry-After) around a per-attempt timeout, both on the injected
/// <see cref="TimeProvider"/>. It answers the last reply, or throws <see cref="ProviderException"/>
/// when the last attempt got no reply at all.
/// </summary>
internal sealed class ProviderTransport
{
    private readonly string _provider;
    private readonly Uri _endpoint;
    private readonly Func<HttpClient> _client;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<ProviderReply> _pipeline;
    private readonly string _endpointSetting;

    /// <param name="endpointSetting">The setting an operator checks when the endpoint cannot be reached.</param>
    public ProviderTransport(string provider, Uri endpoint, Func<HttpClient> client, TranslationRetryOptions retry, TimeProvider time,
        string endpointSetting = TranslationProviders.EndpointSetting)
    {
        retry.Validate();
        _provider = provider;
        _endpoint = endpoint;
        _endpointSetting = endpointSetting;
        _client = client;
        _time = time;
        Retry = retry;
        _pipeline = Pipeline(retry, time);
    }

    public TranslationRetryOptions Retry { get; }

    public async Task<ProviderReply> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                using var request = createRequest();
                using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                return new ProviderReply((int)response.StatusCode, Status(response), body, RetryAfter(response, _time), attempt);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutRejectedException or OperationCanceledException)
        {
            // OperationCanceledException without the caller cancelling is HttpClient.Timeout firing.
            throw new ProviderException(_provider,
                $"{_provider} gave up after {AttemptsText(attempts)}: the last got no answer within {SecondsText(Retry.AttemptTimeout)}; "
                + "the service or the network is slow: rerun later",
                transient: true, inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ProviderException(_provider,
                $"{_provider} could not be reached at {_endpoint} after {AttemptsText(attempts)} ({e.Message}); "
                + $"check {_endpointSetting} and the network",
                transient: true, inner: e);
        }
    }

    /// <summary>The failure for a transient status that the pipeline stopped retrying.</summary>
    public ProviderException TransientFailure(ProviderReply reply, string serviceSaid, string throttledAdvice)
    {
        if (reply.RetryAfter > Retry.MaxDelay && reply.Attempt < Retry.MaxAttempts)
            return new ProviderException(_provider,
                $"{_provider} answered {reply.Status}{serviceSaid} and asked to wait {SecondsText(reply.RetryAfter.Value)}, "
                + $"longer than the {SecondsText(Retry.MaxDelay)} this run waits between attempts: rerun after that",
                transient: true, reply.StatusCode);
        var advice = reply.StatusCode == 429 ? throttledAdvice : "the service is failing: rerun later";
        return new ProviderException(_provider,
            $"{_provider} kept answering {reply.Status} after {AttemptsText(reply.Attempt)}{serviceSaid}; {advice}",
            transient: true, reply.StatusCode);
    }

    public ProviderException Malformed(string detail) =>
        new(_provider,
            $"{_provider} answered with a body this adapter cannot read ({detail}); nothing from this batch was kept. "
            + "The service's API may have changed, or the endpoint is not the service",
            transient: false);

    public ProviderException CountMismatch(int answered, int sent) =>
        new(_provider,
            $"{_provider} answered {Count(answered, "item")} for the {Count(sent, "text")} sent; nothing from this batch was kept, "
            + "so no text is paired with another text's translation",
            transient: false);

    /// <summary>
    /// The wait a Retry-After header asks for. An HTTP-date is measured against the response's own
    /// Date header when there is one (the server's clock, so our clock's skew does not matter),
    /// else against the injected clock. A date in the past means "now".
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - (response.Headers.Date ?? time.GetUtcNow());
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    internal static ByteArrayContent Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps non-ASCII text as UTF-8 rather than \uXXXX: a third of the bytes
        // for Chinese or Arabic. The body is never embedded in HTML. Lone surrogates (truncated
        // messages) become U+FFFD, one character for one, so the metered count is unchanged.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }

    internal static string SecondsText(TimeSpan time) => $"{time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static string AttemptsText(int attempts) => Count(attempts, "attempt");

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Status(HttpResponseMessage response) =>
        string.IsNullOrWhiteSpace(response.ReasonPhrase)
            ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            : $"{(int)response.StatusCode} {response.ReasonPhrase}";

    private static ResiliencePipeline<ProviderReply> Pipeline(TranslationRetryOptions retry, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<ProviderReply> { TimeProvider = time };
        if (retry.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions<ProviderReply>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, retry.MaxDelay)),
                // The service's Retry-After replaces the back-off exactly; without one, null keeps the back-off.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            });
        return builder.AddTimeout(retry.AttemptTimeout).Build();
    }

    private static bool ShouldRetry(Outcome<ProviderReply> outcome, CancellationToken caller, TimeSpan maxDelay) => outcome switch
    {
        { Exception: null, Result: { } reply } => reply.IsTransient && !(reply.RetryAfter > maxDelay),
        { Exception: TimeoutRejectedException or HttpRequestException or IOException } => true,
        { Exception: OperationCanceledException } => !caller.IsCancellationRequested,
        _ => false,
    };
}
