using Marten.Storage;
using Npgsql;
using Toex.Cases.Domain.Disclosure;

namespace Toex.Cases.Projections.Audit;

/// <summary>What a check of an operation's chain found.</summary>
/// <param name="Valid">Every entry recomputed from the events table matches the hash recorded for it, and no event is missing or extra.</param>
/// <param name="Entries">Entries in the trail.</param>
/// <param name="FirstBrokenSequence">The first entry whose event is altered, missing, or preceded by an event the chain does not hold.</param>
/// <param name="Problem">What was wrong there, in words.</param>
/// <param name="Pending">Events stored after the trail's last entry, not yet chained (the trail is built asynchronously).</param>
/// <param name="Anchor">The hash of the last entry, the number of entries and when the last was stored.</param>
/// <param name="AnchorCheck">When an earlier anchor was given: whether the chain still reaches it.</param>
public sealed record AuditVerification(
    bool Valid, long Entries, long? FirstBrokenSequence, string? Problem, long Pending, AuditChainAnchor Anchor, AnchorCheck? AnchorCheck);

/// <summary>An anchor printed earlier (on an issued schedule), checked against the recomputed chain.</summary>
public sealed record AnchorCheck(long Count, string Expected, string? Actual, bool Matches);

/// <summary>
/// Recomputes an operation's chain from the events table itself and compares it, entry by entry,
/// with the hashes the trail recorded when the events were stored. An UPDATE of an event changes
/// its canonical bytes; a DELETE leaves an entry with no event; an INSERT among the operation's
/// streams puts an event where the chain has none: each is reported at the first entry it breaks.
/// </summary>
public sealed class AuditVerifier(IMartenDatabase database, string schema)
{
    private sealed record ChainRow(long Sequence, long EventSequence, byte[] Hash, DateTime At, bool Damaged = false);

    public async Task<AuditVerification> VerifyAsync(Guid operationId, (long Count, string Hash)? anchor, CancellationToken cancellation)
    {
        await using var connection = database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        // One snapshot for both reads, so an append in between cannot look like tampering.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        var chain = await ReadChainAsync(connection, operationId, cancellation);
        var streams = await StreamsAsync(connection, operationId, cancellation);

        var horizon = chain.Count == 0 ? 0 : chain[^1].EventSequence;
        var previous = AuditChain.Genesis(operationId);
        long? broken = null;
        string? problem = null;
        long pending = 0;
        var next = 0; // the chain entry the next stored event should match
        var hasher = new AuditChain.Hasher();
        byte[]? anchorActual = anchor is { Count: 0 } ? previous : null;

        await using (var command = new NpgsqlCommand(
            $"select {StoredEvent.Columns(schema)} from {schema}.mt_events e where e.stream_id = any($1) order by e.seq_id", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = streams });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var stored = StoredEvent.Read(reader);
                if (stored.Sequence > horizon || next >= chain.Count)
                {
                    pending++;
                    continue;
                }
                if (broken is not null) continue;
                var entry = chain[next];
                if (entry.Damaged)
                {
                    (broken, problem) = (entry.Sequence, "The trail's row for this entry was altered: it does not hold the entries it claims.");
                    continue;
                }
                if (stored.Sequence < entry.EventSequence)
                {
                    (broken, problem) = (entry.Sequence, $"Event {stored.Id} (stream {stored.StreamId}, version {stored.Version}) is in the events table before this entry but not in the chain: inserted or moved.");
                    continue;
                }
                if (stored.Sequence > entry.EventSequence)
                {
                    (broken, problem) = (entry.Sequence, "The event this entry was made for is no longer in the events table (deleted, or moved to another stream).");
                    continue;
                }
                var hash = hasher.Next(previous, stored);
                if (!hash.AsSpan().SequenceEqual(entry.Hash))
                {
                    (broken, problem) = (entry.Sequence, $"Event {stored.Id} no longer hashes to the value recorded for it: altered since it was stored.");
                    continue;
                }
                previous = hash;
                next++;
                if (anchor is { } a && entry.Sequence == a.Count) anchorActual = hash;
            }
        }
        if (broken is null && next < chain.Count)
            (broken, problem) = (chain[next].Sequence, "The event this entry was made for is no longer in the events table (deleted, or moved to another stream).");
        await transaction.CommitAsync(cancellation);

        var last = chain.Count == 0 ? null : chain[^1];
        var result = new AuditChainAnchor(
            last is null ? AuditChain.Hex(AuditChain.Genesis(operationId)) : AuditChain.Hex(last.Hash),
            chain.Count,
            last is null ? null : new DateTimeOffset(DateTime.SpecifyKind(last.At, DateTimeKind.Utc)));
        AnchorCheck? check = null;
        if (anchor is { } given)
        {
            // Only a stretch of the chain verified above can vouch for the anchor.
            var actual = anchorActual is not null && (broken is null || given.Count < broken) ? AuditChain.Hex(anchorActual) : null;
            check = new AnchorCheck(given.Count, given.Hash, actual, actual is not null && string.Equals(actual, given.Hash, StringComparison.OrdinalIgnoreCase));
        }
        return new AuditVerification(broken is null, chain.Count, broken, problem, pending, result, check);
    }

    /// <summary>The chain's entries in order: a row holding a batch's artefacts gives one entry for each of them.</summary>
    private async Task<List<ChainRow>> ReadChainAsync(NpgsqlConnection connection, Guid operationId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select sequence, event_seq, hash, at, entries, event_seqs, hashes from {schema}.{AuditTrailTable.Name} where operation_id = $1 order by sequence",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        var rows = new List<ChainRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var (sequence, eventSequence, hash, at, entries) =
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetDateTime(3), reader.GetInt32(4));
            if (entries == 1)
            {
                rows.Add(new ChainRow(sequence, eventSequence, hash, at));
                continue;
            }
            var eventSequences = reader.IsDBNull(5) ? [] : reader.GetFieldValue<long[]>(5);
            var hashes = reader.IsDBNull(6) ? [] : reader.GetFieldValue<byte[]>(6);
            if (entries < 1 || eventSequences.Length != entries || hashes.Length != entries * AuditChain.HashLength)
            {
                // Its arrays do not hold the entries it claims: the row was altered. It breaks the chain where it starts.
                rows.Add(new ChainRow(sequence - Math.Max(entries, 1) + 1, eventSequence, hash, at, Damaged: true));
                continue;
            }
            for (var i = 0; i < entries; i++)
                rows.Add(new ChainRow(sequence - entries + 1 + i, eventSequences[i],
                    hashes.AsSpan(i * AuditChain.HashLength, AuditChain.HashLength).ToArray(), at));
        }
        return rows;
    }

    /// <summary>
    /// The operation's streams: its own, its disclosure stream, and every stream the trail has
    /// an entry from (materials, runs, artefacts, findings).
    /// </summary>
    private async Task<Guid[]> StreamsAsync(NpgsqlConnection connection, Guid operationId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select distinct stream_id from {schema}.{AuditTrailTable.Name} where operation_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        var streams = new HashSet<Guid> { operationId, DisclosureStreams.For(operationId) };
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) streams.Add(reader.GetGuid(0));
        return [.. streams];
    }
}
