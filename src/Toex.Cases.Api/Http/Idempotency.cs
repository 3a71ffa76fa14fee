using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Toex.Cases.Domain.Access;

namespace Toex.Cases.Api.Http;

/// <summary>Remembers the answer to a request sent with an Idempotency-Key, per user and route, so a replay gets it again.</summary>
public sealed record IdempotencyRecord(string Id, string RequestHash, Guid ResourceId, int Version, DateTimeOffset At);

/// <summary>A request's claim on an Idempotency-Key: the key's scope and a hash of what was asked.</summary>
public sealed record IdempotencyClaim(string Id, string RequestHash)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <summary>Reads the header: no claim when absent, a 400 problem when malformed.</summary>
    public static (IdempotencyClaim? Claim, IResult? Problem) From(
        HttpRequest request, User user, string scope, object body, JsonSerializerOptions options)
    {
        var key = request.Headers[Header].ToString();
        if (key.Length == 0) return (null, null);
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x20 || c > 0x7e))
            return (null, Problems.Invalid(Header, $"At most {MaxKeyLength} printable ASCII characters."));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, options))));
        return (new IdempotencyClaim($"{user.Force}/{user.Id}/{scope}/{key}", hash), null);
    }

    /// <summary>
    /// The earlier answer to this claim, if any; throws <see cref="IdempotencyKeyReused"/> when the
    /// key was used for a different request.
    /// </summary>
    public async Task<IdempotencyRecord?> EarlierAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var earlier = await session.LoadAsync<IdempotencyRecord>(Id, cancellationToken);
        if (earlier is not null && earlier.RequestHash != RequestHash) throw new IdempotencyKeyReused();
        return earlier;
    }

    /// <summary>Records the answer in the same transaction; insert, not upsert, so two racing requests cannot both win.</summary>
    public void Record(IDocumentSession session, Guid resourceId, int version, DateTimeOffset now) =>
        session.Insert(new IdempotencyRecord(Id, RequestHash, resourceId, version, now));
}
