using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Toex.Cases.Bench.Disclosure;

public sealed record CopyResult(long Rows, long Bytes, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

public sealed record HashResult(long Rows, long Bytes, string Head, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The floors under the two API figures, over one open connection in this process:
/// <list type="bullet">
/// <item>COPY of the shown entries, the CSV export's columns in its order, to STDOUT as CSV with a
/// header, read into a counter: what PostgreSQL alone takes to hand over what the export sends.</item>
/// <item>The operation's events read from toex.mt_events in stored order and SHA-256 chained here:
/// each event's canonical bytes (the chain's published format, "toex-event/1": the fields
/// length-prefixed), hashed after the previous hash from the operation's genesis. Written
/// independently of the API's code, so reaching the same head hash as the trail also checks the
/// chain from outside.</item>
/// </list>
/// </summary>
public sealed class RawBaselines(NpgsqlConnection connection, Guid operationId)
{
    private static readonly string[] CsvColumns =
    [
        "sequence", "at", "actor_id", "actor_name", "actor_force", "actor_role", "action", "subject", "details::text", "correlation_id",
        "event_type", "event_id", "encode(hash, 'hex')",
    ];

    public async Task<CopyResult> CopyCsvAsync()
    {
        var clock = Stopwatch.StartNew();
        // COPY takes no parameters; the id is a Guid, printed by us.
        using var reader = await connection.BeginTextExportAsync(
            $"copy (select {string.Join(", ", CsvColumns)} from toex.audit_trail where operation_id = '{operationId:D}' and shown order by sequence) " +
            "to stdout (format csv, header)");
        var counter = new CsvCounter();
        var buffer = new char[1 << 15];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            counter.Add(buffer.AsSpan(0, read), Encoding.UTF8.GetByteCount(buffer.AsSpan(0, read)));
        var elapsed = clock.Elapsed;
        return new CopyResult(counter.Records - 1, counter.Bytes, elapsed);
    }

    public async Task<HashResult> ReadAndHashAsync()
    {
        var clock = Stopwatch.StartNew();
        var streams = new List<Guid>();
        await using (var command = new NpgsqlCommand("select distinct stream_id from toex.audit_trail where operation_id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = operationId });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) streams.Add(reader.GetGuid(0));
        }

        var previous = SHA256.HashData(Encoding.UTF8.GetBytes($"toex-audit-chain/1|{operationId:D}"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var canonical = new Canonical();
        long rows = 0, bytes = 0;
        await using (var command = new NpgsqlCommand("""
            select seq_id, id, stream_id, version, type, timestamp, data::text, headers::text, user_name, correlation_id, causation_id
              from toex.mt_events where stream_id = any($1) order by seq_id
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = streams.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess);
            while (await reader.ReadAsync())
            {
                canonical.Reset();
                canonical.Add("toex-event/1");
                _ = reader.GetInt64(0);
                canonical.Add(reader.GetGuid(1));
                canonical.Add(reader.GetGuid(2));
                canonical.Add(reader.GetInt64(3));
                canonical.Add(reader.GetString(4));
                canonical.Add(reader.GetFieldValue<DateTime>(5));
                canonical.Add(reader.GetString(6));
                for (var i = 7; i <= 10; i++) canonical.Add(reader.IsDBNull(i) ? null : reader.GetString(i));
                hash.AppendData(previous);
                hash.AppendData(canonical.Written);
                hash.GetHashAndReset(previous);
                rows++;
                bytes += canonical.Written.Length;
            }
        }
        return new HashResult(rows, bytes, Convert.ToHexStringLower(previous), clock.Elapsed);
    }

    /// <summary>An event's canonical bytes, written into one reused buffer: each field a 4-byte big-endian length (-1: null) and its UTF-8.</summary>
    private sealed class Canonical
    {
        private byte[] _buffer = new byte[1 << 12];
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Reset() => _length = 0;

        public void Add(string? value)
        {
            if (value is null)
            {
                Ensure(4);
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
                _length += 4;
                return;
            }
            Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
            Prefix(written);
        }

        public void Add(Guid value) => Add(value, "D");

        public void Add(long value) => Add(value, null);

        public void Add(DateTime value) => Add(DateTime.SpecifyKind(value, DateTimeKind.Utc), "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

        private void Add<T>(T value, string? format) where T : IUtf8SpanFormattable
        {
            Ensure(4 + 64);
            if (!value.TryFormat(_buffer.AsSpan(_length + 4), out var written, format, CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"Could not format {value}.");
            Prefix(written);
        }

        private void Prefix(int written)
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
            _length += 4 + written;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
