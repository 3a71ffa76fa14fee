using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private static HttpResponseMessage Throttled(Action<HttpResponseHeaders> headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        headers(response.Headers);
        return response;
    }

    [Fact]
    public void delta_seconds_are_the_wait()
    {
        using var response = Throttled(headers => headers.TryAddWithoutValidation("Retry-After", "17"));

        Assert.Equal(TimeSpan.FromSeconds(17), ProviderTransport.RetryAfter(response, _clock));
    }

    [Fact]
    public void an_http_date_is_measured_from_the_responses_date_so_clock_skew_does_not_matter()
    {
        using var response = Throttled(headers =>
        {
            headers.TryAddWithoutValidation("Date", "Fri, 14 Mar 2025 08:30:00 GMT");
            headers.TryAddWithoutValidation("Retry-After", "Fri, 14 Mar 2025 08:30:20 GMT");
        });

        Assert.Equal(TimeSpan.FromSeconds(20), ProviderTransport.RetryAfter(response, _clock));
    }

    [Fact]
    public void an_http_date_without_a_response_date_is_measured_from_the_clock()
    {
        using var response = Throttled(headers => headers.TryAddWithoutValidation("Retry-After", "Fri, 14 Mar 2025 09:00:30 GMT"));

        Assert.Equal(TimeSpan.FromSeconds(30), ProviderTransport.RetryAfter(response, _clock));
    }

    [Fact]
    public void an_http_date_in_the_past_means_now()
    {
        using var response = Throttled(headers => headers.TryAddWithoutValidation("Retry-After", "Fri, 14 Mar 2025 08:00:00 GMT"));

        Assert.Equal(TimeSpan.Zero, ProviderTransport.RetryAfter(response, _clock));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    public void a_missing_or_unreadable_header_leaves_the_back_off_to_decide(string? value)
    {
        using var response = Throttled(headers =>
        {
            if (value is not null)
                headers.TryAddWithoutValidation("Retry-After", value);
        });

        Assert.Null(ProviderTransport.RetryAfter(response, _clock));
    }
}
