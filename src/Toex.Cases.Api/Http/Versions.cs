using Microsoft.Net.Http.Headers;

namespace Toex.Cases.Api.Http;

/// <summary>ETag / If-Match for optimistic concurrency: the ETag is the stream version, quoted.</summary>
public static class Versions
{
    public static string ETag(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// The version the caller expects from If-Match: missing is 428, a stale or unparseable tag is 412.
    /// <c>*</c> means "whatever is current" (RFC 9110) and so takes the current version.
    /// </summary>
    public static (int Version, IResult? Problem) Expected(HttpRequest request, int current)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString())) return (0, Problems.PreconditionRequired());
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return (0, Problems.PreconditionFailed(current));
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any)) return (current, null);
            if (!tag.IsWeak && int.TryParse(tag.Tag.AsSpan().Trim('"'), out var version) && version == current)
                return (version, null);
        }
        return (0, Problems.PreconditionFailed(current));
    }
}
