using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>
/// Appends a batch of artefact events to their stream with PostgreSQL's binary COPY, inside the
/// transaction of the Marten session that also appends the run's progress: the batch commits
/// whole or not at all, exactly as through <c>session.Events.Append</c>, without Marten's append
/// function inserting one row at a time (docs/adr/0007-tool-runs.md has the figures).
/// <para>
/// The rows are the ones Marten's own append writes: the same serializer, type alias, .NET type,
/// metadata columns and stream row; the timestamp is the caller's clock, as Marten's append takes it.
/// The stream's version is claimed first (its row is created if new and locked until commit), so
/// two writers on one stream queue behind each other rather than clash; event ids stay unique by
/// the store's index, so an artefact written twice fails the batch instead of repeating.
/// Only artefact streams are written this way: they belong to one run and no inline projection
/// reads them; asynchronous projections see the rows like any other events.
/// </para>
/// <para>
/// The events table's foreign key to <c>mt_streams</c> would look the stream's row up again for
/// every row copied: a third of the copy's cost, on the runner's critical path. The row it would
/// find is the one this transaction has just claimed and holds locked, so when the database allows
/// it (<see cref="MaySetReplicationRoleAsync"/>) and the events table has no trigger of its own
/// (asked in each batch's first round trip), the copy runs with <c>session_replication_role</c> set
/// to <c>replica</c>, which PostgreSQL's own replication and pg_restore use to skip the foreign
/// key's re-check, and it is set back to <c>origin</c> as soon as the copy ends, within the same
/// transaction. The unique indexes (event id, stream and version) still check every row.
/// </para>
/// </summary>
public sealed class ArtefactAppender
{
    private readonly ISerializer _serializer;
    private readonly EventGraph _events;
    private readonly string _claim;
    private readonly string _advance;
    private readonly string _sequences;
    private readonly string _copy;
    private readonly string _replica;
    private bool? _maySetReplicationRole;

    public ArtefactAppender(IDocumentStore store)
    {
        _serializer = store.Options.Serializer();
        _events = (EventGraph)store.Options.Events;
        if (_events.StreamIdentity != StreamIdentity.AsGuid || _events.TenancyStyle != JasperFx.MultiTenancy.TenancyStyle.Single)
            throw new InvalidOperationException("Artefacts are appended to Guid-keyed streams of a single-tenant store.");
        var metadata = _events.MetadataConfig;
        if (!(metadata.CorrelationIdEnabled && metadata.CausationIdEnabled && metadata.HeadersEnabled && metadata.UserNameEnabled))
            throw new InvalidOperationException("The artefact appender writes every metadata column; enable them all (Persistence).");

        var schema = _events.DatabaseSchemaName;
        // Insert-if-new then update: the update locks the row, so the versions claimed are this batch's alone.
        _claim = $"""
            insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id)
            values ($1, null, 0, now(), $2)
            on conflict (id) do nothing;
            """;
        _advance = $"update {schema}.mt_streams set version = version + $2, timestamp = now() where id = $1 returning version - $2";
        _sequences = $"select nextval('{schema}.mt_events_sequence') from generate_series(1, $1)";
        // Only while the events table has no trigger of its own, which the replica role would silence too.
        _replica = $"""
            select set_config('session_replication_role', 'replica', true)
             where not exists (select 1 from pg_trigger where tgrelid = '{schema}.mt_events'::regclass and not tgisinternal)
            """;
        _copy = $"""
            copy {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                correlation_id, causation_id, headers, user_name) from stdin (format binary)
            """;
    }

    /// <summary>A batch of artefact events with their JSON already written, ready to copy.</summary>
    public sealed record Prepared(IReadOnlyList<IEvent> Events, string[] Data, EventMapping[] Mappings)
    {
        public int Count => Events.Count;
    }

    /// <summary>
    /// Serializes a batch with the store's serializer. Done apart from <see cref="AppendAsync"/> so
    /// that a runner can serialize one batch while the previous one is still being written.
    /// </summary>
    public Prepared Prepare(IReadOnlyList<IEvent> artefacts)
    {
        var data = new string[artefacts.Count];
        var mappings = new EventMapping[artefacts.Count];
        for (var i = 0; i < artefacts.Count; i++)
        {
            data[i] = _serializer.ToJson(artefacts[i].Data);
            mappings[i] = _events.EventMappingFor(artefacts[i].EventType);
        }
        return new Prepared(artefacts, data, mappings);
    }

    /// <summary>
    /// Writes <paramref name="artefacts"/> at the end of <paramref name="streamId"/>, in the
    /// session's transaction (begun here if it has none); the caller's <c>SaveChangesAsync</c>
    /// commits them with whatever else the session holds. Marten stamps events with the client's
    /// clock; so does this, with <paramref name="at"/>.
    /// </summary>
    public async Task AppendAsync(IDocumentSession session, Guid streamId, Prepared artefacts,
        IReadOnlyDictionary<string, object> headers, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (artefacts.Count == 0) return;
        await session.BeginTransactionAsync(cancellationToken);
        var connection = session.Connection ?? throw new InvalidOperationException("The session has no connection after beginning its transaction.");
        var maySkip = _maySetReplicationRole ??= await MaySetReplicationRoleAsync(connection, cancellationToken);

        long before;
        var sequences = new long[artefacts.Count];
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_claim) { Parameters = { new() { Value = streamId }, new() { Value = session.TenantId } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_advance)
            {
                Parameters = { new() { Value = streamId }, new() { Value = (long)artefacts.Count } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sequences) { Parameters = { new() { Value = artefacts.Count } } });
            if (maySkip) batch.BatchCommands.Add(new NpgsqlBatchCommand(_replica));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException($"Stream {streamId} has no row to claim versions on.");
            before = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++) sequences[i] = reader.GetInt64(0);
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }
        // A privilege taken away while the API runs fails this batch; the next one asks again.
        catch (PostgresException e) when (maySkip && e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            _maySetReplicationRole = null;
            throw;
        }

        var headerJson = _serializer.ToJson(headers);
        var userName = session.LastModifiedBy;
        await using (var copy = await connection.BeginBinaryImportAsync(_copy, cancellationToken))
        {
            for (var i = 0; i < artefacts.Count; i++)
            {
                var artefact = artefacts.Events[i];
                var mapping = artefacts.Mappings[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(sequences[i], NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(artefact.Id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(streamId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(before + i + 1, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(artefacts.Data[i], NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(mapping.EventTypeName, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(session.TenantId, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(mapping.DotNetTypeName, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await WriteOrNullAsync(copy, session.CorrelationId, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, session.CausationId, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(headerJson, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteOrNullAsync(copy, userName, NpgsqlDbType.Varchar, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        if (maySkip)
        {
            await using var restore = new NpgsqlCommand("set local session_replication_role = origin", connection);
            await restore.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether the connection's role may set <c>session_replication_role</c>: a superuser, or from
    /// PostgreSQL 15 a role granted <c>SET ON PARAMETER session_replication_role</c>. Without it every
    /// copied row is checked against its stream.
    /// </summary>
    public static async Task<bool> MaySetReplicationRoleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var privilege = connection.PostgreSqlVersion.Major >= 15
            ? "has_parameter_privilege('session_replication_role', 'SET')"
            : "current_setting('is_superuser') = 'on'";
        await using var command = new NpgsqlCommand($"select {privilege}", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
