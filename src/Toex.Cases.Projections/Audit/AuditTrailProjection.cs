using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.Materials;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Toex.Cases.Projections.Audit;

/// <summary>
/// The audit trail: one row per event that touches an operation (its data names an
/// <c>OperationId</c>), numbered 1, 2, … per operation in the order the events were stored, each
/// with its chain hash. Rows of events a person reads about carry the entry (who, what, to what);
/// artefact rows carry only the hash, their batch being told by its progress entry.
/// </summary>
public static class AuditTrailTable
{
    public const string Name = "audit_trail";

    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Name, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("operation_id").NotNull().AsPrimaryKey();
        table.AddColumn<long>("sequence").NotNull().AsPrimaryKey();
        table.AddColumn<long>("event_seq").NotNull();
        table.AddColumn<Guid>("event_id").NotNull();
        table.AddColumn<Guid>("stream_id").NotNull();
        table.AddColumn("event_type", "varchar").NotNull();
        table.AddColumn("at", "timestamp with time zone").NotNull();
        table.AddColumn("hash", "bytea").NotNull();
        table.AddColumn<bool>("shown").NotNull();
        table.AddColumn("actor_id", "varchar");
        table.AddColumn("actor_name", "varchar");
        table.AddColumn("actor_force", "varchar");
        table.AddColumn("actor_role", "varchar");
        table.AddColumn("action", "text");
        table.AddColumn("subject", "text");
        table.AddColumn("details", "jsonb");
        table.AddColumn("correlation_id", "varchar");
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_shown") { Columns = ["operation_id", "sequence"], Predicate = "shown" });
        return table;
    }
}

/// <summary>
/// Builds the trail and its hash chain from the event store, asynchronously and in order. Each
/// entry's hash is SHA-256 over the previous entry's hash and the event's canonical bytes as the
/// events table holds them, so the check (<see cref="AuditVerifier"/>) can recompute it from that
/// table alone. Pages are applied one after another, each in the transaction that records the
/// daemon's progress, so the chain head read at the start of a page is the last one committed.
/// </summary>
public sealed class AuditTrailProjection(string schema) : IProjection
{
    public const string Name = "AuditTrail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var bySequence = events.ToDictionary(e => e.Sequence);
        await using var connection = operations.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        var stored = await ReadStoredAsync(connection, bySequence.Keys.ToArray(), cancellation);
        if (stored.Count == 0) return;

        var operationIds = stored.Select(s => s.OperationId!.Value).Distinct().ToArray();
        var heads = await ReadHeadsAsync(connection, operationIds, cancellation);
        var materialIds = events.SelectMany(e => MaterialsOf(e.Data)).Distinct().ToArray();
        var exhibits = materialIds.Length == 0
            ? new Dictionary<Guid, string>()
            : (await operations.LoadManyAsync<MaterialDetails>(cancellation, materialIds)).ToDictionary(m => m.Id, m => m.ExhibitRef);

        var rows = new Rows(stored.Count);
        var hasher = new AuditChain.Hasher();
        foreach (var e in stored)
        {
            var operationId = e.OperationId!.Value;
            var (sequence, previous) = heads.TryGetValue(operationId, out var head) ? head : (0L, AuditChain.Genesis(operationId));
            var hash = hasher.Next(previous, e);
            heads[operationId] = (sequence + 1, hash);
            var data = bySequence.TryGetValue(e.Sequence, out var loaded) ? loaded.Data : null;
            var description = data is null || AuditDescriptions.IsArtefact(data)
                ? null
                : AuditDescriptions.Describe(data, id => exhibits.GetValueOrDefault(id));
            rows.Add(operationId, sequence + 1, e, hash, description);
        }
        rows.Queue(operations, schema);
    }

    /// <summary>The exhibits an entry names, so that it can call them by their exhibit references.</summary>
    private static IEnumerable<Guid> MaterialsOf(object data) => data switch
    {
        Domain.Materials.MaterialContentAccessed e => [e.MaterialId],
        Domain.Materials.MaterialIntegrityFailed e => [e.MaterialId],
        Domain.ToolRuns.ToolRunProgressed e => [e.MaterialId],
        Domain.ToolRuns.MaterialTriaged e => [e.MaterialId],
        Domain.ToolRuns.ToolRunRequested e => e.MaterialIds,
        Domain.Disclosure.MaterialRelevanceDecided e => [e.MaterialId],
        _ => [],
    };

    private async Task<List<StoredEvent>> ReadStoredAsync(NpgsqlConnection connection, long[] sequences, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {StoredEvent.Columns(schema)} from {schema}.mt_events e where e.seq_id = any($1) order by e.seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sequences });
        var stored = new List<StoredEvent>(sequences.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var e = StoredEvent.Read(reader);
            if (e.OperationId is not null) stored.Add(e);
        }
        return stored;
    }

    private async Task<Dictionary<Guid, (long Sequence, byte[] Hash)>> ReadHeadsAsync(
        NpgsqlConnection connection, Guid[] operationIds, CancellationToken cancellation)
    {
        // One backward step on the primary key (operation_id, sequence) per operation. A DISTINCT ON
        // over the operations' rows sorted all of them: 3.5 s for an operation of 1.5M entries, paid
        // by every page, so the trail fell further behind the larger the operation grew.
        await using var command = new NpgsqlCommand(
            $"""
            select o.id, h.sequence, h.hash
              from unnest($1::uuid[]) as o(id)
             cross join lateral (
                   select t.sequence, t.hash from {schema}.{AuditTrailTable.Name} t
                    where t.operation_id = o.id order by t.sequence desc limit 1) h
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operationIds });
        var heads = new Dictionary<Guid, (long, byte[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            heads[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        return heads;
    }

    /// <summary>A page's rows as column arrays: one INSERT … SELECT FROM unnest(…) per page.</summary>
    private sealed class Rows(int capacity)
    {
        private readonly List<Guid> _operations = new(capacity);
        private readonly List<long> _sequences = new(capacity);
        private readonly List<long> _eventSequences = new(capacity);
        private readonly List<Guid> _eventIds = new(capacity);
        private readonly List<Guid> _streams = new(capacity);
        private readonly List<string> _types = new(capacity);
        private readonly List<DateTimeOffset> _at = new(capacity);
        private readonly List<byte[]> _hashes = new(capacity);
        private readonly List<bool> _shown = new(capacity);
        private readonly List<string?> _actorIds = new(capacity);
        private readonly List<string?> _actorNames = new(capacity);
        private readonly List<string?> _actorForces = new(capacity);
        private readonly List<string?> _actorRoles = new(capacity);
        private readonly List<string?> _actions = new(capacity);
        private readonly List<string?> _subjects = new(capacity);
        private readonly List<string?> _details = new(capacity);
        private readonly List<string?> _correlations = new(capacity);

        public void Add(Guid operationId, long sequence, StoredEvent e, byte[] hash, AuditDescription? description)
        {
            var actor = description?.By ?? ActorFromHeaders(e.Headers);
            _operations.Add(operationId);
            _sequences.Add(sequence);
            _eventSequences.Add(e.Sequence);
            _eventIds.Add(e.Id);
            _streams.Add(e.StreamId);
            _types.Add(e.Type);
            _at.Add(new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)));
            _hashes.Add(hash);
            _shown.Add(description is not null);
            _actorIds.Add(actor?.Id);
            _actorNames.Add(actor?.Name);
            _actorForces.Add(actor?.Force);
            _actorRoles.Add(actor?.Role.ToString());
            _actions.Add(description?.Action);
            _subjects.Add(description?.Subject);
            _details.Add(description is null ? null : JsonSerializer.Serialize(description.Details, Json));
            _correlations.Add(e.CorrelationId);
        }

        public void Queue(IDocumentOperations operations, string schema) => operations.QueueSqlCommand(
            $"""
            insert into {schema}.{AuditTrailTable.Name} (operation_id, sequence, event_seq, event_id, stream_id, event_type, at, hash, shown,
                actor_id, actor_name, actor_force, actor_role, action, subject, details, correlation_id)
            select o, s, es, ei, st, t, a, h, sh, ai, an, af, ar, ac, su, d::jsonb, c
            from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                as r(o, s, es, ei, st, t, a, h, sh, ai, an, af, ar, ac, su, d, c)
            """,
            _operations.ToArray(), _sequences.ToArray(), _eventSequences.ToArray(), _eventIds.ToArray(), _streams.ToArray(),
            _types.ToArray(), _at.ToArray(), _hashes.ToArray(), _shown.ToArray(), _actorIds.ToArray(), _actorNames.ToArray(),
            _actorForces.ToArray(), _actorRoles.ToArray(), _actions.ToArray(), _subjects.ToArray(), _details.ToArray(),
            _correlations.ToArray());

        private static Actor? ActorFromHeaders(string? headers)
        {
            if (headers is null) return null;
            using var document = JsonDocument.Parse(headers);
            var root = document.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Get("actor-id") is { } id && Enum.TryParse<Role>(Get("actor-role"), out var role)
                ? new Actor(id, Get("actor-name") ?? "", Get("actor-force") ?? "", role)
                : null;
        }
    }
}
