using System.Diagnostics;
using Npgsql;

namespace Toex.Cases.Bench.Disclosure;

public sealed record TypeCount(string Type, long Events, long Shown);

/// <summary>The operation's events (toex.mt_events) and its audit trail (toex.audit_trail), read directly from PostgreSQL.</summary>
public sealed class Trail(NpgsqlDataSource database, Guid operationId)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Every event whose data names the operation: what the trail must chain (a scan of mt_events).</summary>
    public async Task<long> EventsAsync()
    {
        await using var command = database.CreateCommand("select count(*) from toex.mt_events where data ->> 'OperationId' = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId.ToString() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Entries chained so far (a row of a batch's artefacts holds several), of which shown to people.</summary>
    public async Task<(long Chained, long Shown)> ChainedAsync()
    {
        await using var command = database.CreateCommand(
            "select coalesce(sum(entries), 0)::bigint, count(*) filter (where shown) from toex.audit_trail where operation_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// The last entry's sequence: entries are numbered 1, 2, … so it is the count, read from the
    /// primary key's last row instead of counting them (cheap enough to ask every 100 ms).
    /// </summary>
    public async Task<long> HeadAsync()
    {
        await using var command = database.CreateCommand("select coalesce(max(sequence), 0) from toex.audit_trail where operation_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Events, entries chained and the database's clock, in one statement (one snapshot); and when the last event was stored.</summary>
    public async Task<(long Events, long Chained, DateTime Now, DateTime LastStored)> SnapshotAsync()
    {
        await using var command = database.CreateCommand("""
            select count(*), (select coalesce(sum(entries), 0)::bigint from toex.audit_trail where operation_id = $2), clock_timestamp(), max(timestamp)
              from toex.mt_events where data ->> 'OperationId' = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTime>(2), reader.GetFieldValue<DateTime>(3));
    }

    /// <summary>Until the trail holds <paramref name="events"/> entries, asking every 100 ms; null after the timeout.</summary>
    public async Task<TimeSpan?> WaitChainedAsync(long events, TimeSpan timeout, Action<TimeSpan, long>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var report = TimeSpan.FromSeconds(15);
        while (true)
        {
            var head = await HeadAsync();
            if (head >= events) return clock.Elapsed;
            if (clock.Elapsed > timeout) return null;
            if (progress is not null && clock.Elapsed >= report)
            {
                progress(clock.Elapsed, head);
                report += TimeSpan.FromSeconds(15);
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>The operation's events by type, and how many of each the trail shows to people.</summary>
    public async Task<IReadOnlyList<TypeCount>> CompositionAsync()
    {
        await using var command = database.CreateCommand("""
            select e.type, count(*), count(*) filter (where a.shown)
              from toex.mt_events e left join toex.audit_trail a on a.operation_id = $2 and a.event_id = e.id
             where e.data ->> 'OperationId' = $1
             group by e.type order by count(*) desc, e.type
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new List<TypeCount>();
        while (await reader.ReadAsync()) counts.Add(new TypeCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return counts;
    }

    /// <summary>
    /// The exhibit whose read model (MaterialDetails, which lists every download of the exhibit) is
    /// largest, as stored: each download loads and rewrites it.
    /// </summary>
    public async Task<(string ExhibitRef, int Accesses, long Bytes)> LargestExhibitAsync()
    {
        await using var command = database.CreateCommand("""
            select data ->> 'ExhibitRef', jsonb_array_length(data -> 'Accesses'), octet_length(data::text)
              from toex.mt_doc_materialdetails where data ->> 'OperationId' = $1 order by 3 desc limit 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
    }

    /// <summary>The last entry's hash, as the API prints it.</summary>
    public async Task<string> HeadHashAsync()
    {
        await using var command = database.CreateCommand(
            "select encode(hash, 'hex') from toex.audit_trail where operation_id = $1 order by sequence desc limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The entry at (or just after) a sequence: the event to alter for the tamper check.</summary>
    public async Task<(Guid EventId, string Type, bool Shown)> EntryAtAsync(long sequence)
    {
        await using var command = database.CreateCommand(
            "select event_id, event_type, shown from toex.audit_trail where operation_id = $1 and sequence >= $2 order by sequence limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidDataException($"The trail has no entry at or after {sequence}.");
        return (reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2));
    }

    /// <summary>Which entry of the trail an event is, looked up by its id.</summary>
    public async Task<long> SequenceOfAsync(Guid eventId)
    {
        await using var command = database.CreateCommand("select sequence from toex.audit_trail where operation_id = $1 and event_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Alters one stored event's data in place (a field added), returning its data as it was, to put back.</summary>
    public async Task<string> TamperAsync(Guid eventId)
    {
        await using var command = database.CreateCommand("""
            with old as (select seq_id, data::text as data from toex.mt_events where id = $1)
            update toex.mt_events e set data = jsonb_set(e.data, '{Tampered}', 'true'::jsonb)
              from old where e.seq_id = old.seq_id
            returning old.data
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidDataException($"No event {eventId} in mt_events.");
    }

    public async Task RestoreAsync(Guid eventId, string data)
    {
        await using var command = database.CreateCommand("update toex.mt_events set data = $2::jsonb where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        command.Parameters.Add(new NpgsqlParameter { Value = data });
        if (await command.ExecuteNonQueryAsync() != 1) throw new InvalidDataException($"Event {eventId} could not be put back.");
    }
}
