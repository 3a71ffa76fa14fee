using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Toex.Cases.Projections.Audit;

/// <summary>
/// An event exactly as the events table holds it: the JSON columns as PostgreSQL prints their
/// stored jsonb (a stable text: the same stored value always prints the same), the rest as stored.
/// </summary>
public sealed record StoredEvent(
    long Sequence, Guid Id, Guid StreamId, long Version, string Type, DateTime Timestamp, string Data, string? Headers,
    string? UserName, string? CorrelationId, string? CausationId, Guid? OperationId)
{
    /// <summary>The columns read, in the order <see cref="Read"/> expects; <c>e</c> is mt_events.</summary>
    public static string Columns(string schema) =>
        "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text, e.headers::text, e.user_name, " +
        "e.correlation_id, e.causation_id, e.data ->> 'OperationId'";

    public static StoredEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4),
        reader.GetFieldValue<DateTime>(5), reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        !reader.IsDBNull(11) && Guid.TryParse(reader.GetString(11), out var operationId) ? operationId : null);

    /// <summary>
    /// The canonical bytes (version 1): a tag, then each field as a 4-byte big-endian length and its
    /// UTF-8 bytes (length -1 for null), in a fixed order: id, stream, version, type, timestamp
    /// (UTC, microseconds), data, headers (the actor and tool-run metadata), user name, correlation
    /// id, causation id. The global sequence number is not in it: the chain's order stands for it.
    /// Written into a buffer the caller reuses from event to event.
    /// </summary>
    public void WriteCanonical(ArrayBufferWriter<byte> buffer)
    {
        Field(buffer, "toex-event/1");
        Span<char> text = stackalloc char[40];
        Id.TryFormat(text, out var written, "D");
        Field(buffer, text[..written]);
        StreamId.TryFormat(text, out written, "D");
        Field(buffer, text[..written]);
        Version.TryFormat(text, out written, default, CultureInfo.InvariantCulture);
        Field(buffer, text[..written]);
        Field(buffer, Type);
        DateTime.SpecifyKind(Timestamp, DateTimeKind.Utc).TryFormat(text, out written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        Field(buffer, text[..written]);
        Field(buffer, Data);
        Field(buffer, Headers);
        Field(buffer, UserName);
        Field(buffer, CorrelationId);
        Field(buffer, CausationId);
    }

    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }
        Field(buffer, value.AsSpan());
    }

    private static void Field(ArrayBufferWriter<byte> buffer, ReadOnlySpan<char> value)
    {
        var span = buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        buffer.Advance(4 + length);
    }
}

/// <summary>The hash chain of an operation's audit trail.</summary>
public static class AuditChain
{
    public const int HashLength = 32;

    /// <summary>The hash before the first entry: binds a chain to its operation, so entries cannot be moved between chains.</summary>
    public static byte[] Genesis(Guid operationId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"toex-audit-chain/1|{operationId:D}"));

    /// <summary>
    /// An entry's hash: SHA-256 over the previous hash and the canonical bytes of the event; entry
    /// after entry with one buffer, since that is what building or checking a long chain spends its time on.
    /// </summary>
    public sealed class Hasher
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);

        public byte[] Next(ReadOnlySpan<byte> previous, StoredEvent stored)
        {
            _buffer.ResetWrittenCount();
            previous.CopyTo(_buffer.GetSpan(previous.Length));
            _buffer.Advance(previous.Length);
            stored.WriteCanonical(_buffer);
            return SHA256.HashData(_buffer.WrittenSpan);
        }
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
