using System.Text.Json;
using JasperFx.Events;
using JasperFx.Events.Projections;
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
/// The audit trail: every event that touches an operation (its data names an <c>OperationId</c>)
/// is an entry, numbered 1, 2, … per operation in the order the events were stored, each with its
/// chain hash. An event a person reads about has a row of its own carrying the entry (who, what, to
/// what). The artefacts of a batch, which its progress entry tells, share one row: their entries'
/// global sequence numbers and hashes side by side in arrays (<c>event_seqs</c>, <c>hashes</c>),
/// the row's <c>sequence</c>, <c>event_seq</c>, <c>hash</c> and <c>at</c> being its last entry's.
/// </summary>
public static class AuditTrailTable
{
    public const string Name = "audit_trail";

    /// <summary>How far through the events table the trail has read (one row).</summary>
    public const string PositionName = "audit_trail_position";

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
        table.AddColumn("entries", "integer").NotNull().DefaultValueByExpression("1");
        table.AddColumn("event_seqs", "bigint[]");
        table.AddColumn("hashes", "bytea");
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_shown") { Columns = ["operation_id", "sequence"], Predicate = "shown" });
        return table;
    }

    public static Table Position(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, PositionName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "smallint").NotNull().AsPrimaryKey();
        table.AddColumn<long>("event_seq").NotNull();
        return table;
    }
}

/// <summary>
/// Builds the trail and its hash chain from the event store, asynchronously and in order. Each
/// entry's hash is SHA-256 over the previous entry's hash and the event's canonical bytes as the
/// events table holds them, so the check (<see cref="AuditVerifier"/>) can recompute it from that
/// table alone. Pages are applied one after another, each in the transaction that records the
/// daemon's progress, so the chain head read at the start of a page is the last one committed.
/// <para>
/// The daemon loads and deserializes only the events the trail tells (<see cref="AuditDescriptions.ToldTypes"/>);
/// the projection then reads every stored event from where it last stopped up to the last event of
/// the page, in order, and chains them all. Artefacts are never deserialized: each is chained from
/// its stored row. A batch's artefacts are committed with its <c>ToolRunProgressed</c>, stored after
/// them, so a page that reaches that progress entry reaches its artefacts too.
/// </para>
/// </summary>
public sealed class AuditTrailProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "AuditTrail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _schema;

    public AuditTrailProjection(string schema)
    {
        _schema = schema;
        foreach (var type in AuditDescriptions.ToldTypes) IncludeType(type);
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var through = events.Max(e => e.Sequence);
        var told = new Dictionary<long, object>(events.Count);
        foreach (var e in events) told[e.Sequence] = e.Data;

        await using var connection = operations.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        var from = await ReadPositionAsync(connection, cancellation);
        if (through <= from)
            throw new InvalidOperationException(
                $"The audit trail has read the events table up to {from:N0}, but the daemon gave it a page ending at {through:N0}: " +
                $"the events table and {_schema}.{AuditTrailTable.PositionName} disagree (was one reset without the other?).");

        var heads = new Heads(operations.Database, _schema);
        await using var _ = heads;
        await heads.LoadAsync(connection, events.Select(e => OperationOf(e.Data)).OfType<Guid>().Distinct().ToArray(), cancellation);
        var materialIds = events.SelectMany(e => MaterialsOf(e.Data)).Distinct().ToArray();
        var exhibits = materialIds.Length == 0
            ? new Dictionary<Guid, string>()
            : (await operations.LoadManyAsync<MaterialDetails>(cancellation, materialIds)).ToDictionary(m => m.Id, m => m.ExhibitRef);

        var rows = new Rows(events.Count);
        var groups = new Dictionary<Guid, ArtefactRow>();
        var hasher = new AuditChain.Hasher();
        // The range is read in the primary key's order, streamed. The planner's statistics lag a
        // table that grows by thousands of rows a second, so it took the newest range for a few
        // rows and sorted what it found instead (spilling to disk: 7% of the machine in a tool run).
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var inOrder = new NpgsqlCommand("set local enable_sort = off; set local enable_bitmapscan = off; set local enable_seqscan = off",
            connection, transaction))
            await inOrder.ExecuteNonQueryAsync(cancellation);
        await using (var command = new NpgsqlCommand(
            $"select {StoredEvent.Columns(_schema)} from {_schema}.mt_events e where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id",
            connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = through });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var e = StoredEvent.Read(reader);
                if (e.OperationId is not { } operationId) continue;
                var (sequence, previous) = await heads.OfAsync(operationId, cancellation);
                var hash = hasher.Next(previous, e);
                heads.Advance(operationId, sequence + 1, hash);

                var data = told.GetValueOrDefault(e.Sequence);
                var open = groups.GetValueOrDefault(operationId);
                if (data is null || AuditDescriptions.IsArtefact(data))
                {
                    if (open is not null && open.Stream != e.StreamId)
                    {
                        open.Queue(operations, rows, _schema);
                        open = null;
                    }
                    if (open is null) groups[operationId] = open = new ArtefactRow(operationId, e.StreamId);
                    open.Add(sequence + 1, e, hash);
                    continue;
                }
                if (open is not null)
                {
                    open.Queue(operations, rows, _schema);
                    groups.Remove(operationId);
                }
                rows.Add(operationId, sequence + 1, e, hash, AuditDescriptions.Describe(data, id => exhibits.GetValueOrDefault(id)));
            }
        }
        foreach (var open in groups.Values) open.Queue(operations, rows, _schema);
        rows.Queue(operations, _schema);
        operations.QueueSqlCommand(
            $"insert into {_schema}.{AuditTrailTable.PositionName} (id, event_seq) values (1, ?) on conflict (id) do update set event_seq = excluded.event_seq",
            through);
    }

    /// <summary>
    /// Where the trail stopped reading the events table: its own record, or, for a trail written
    /// before it kept one, the last event it chained.
    /// </summary>
    private async Task<long> ReadPositionAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce((select event_seq from {_schema}.{AuditTrailTable.PositionName} where id = 1),
                            (select max(event_seq) from {_schema}.{AuditTrailTable.Name}), 0)
            """, connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo?> OperationIds = new();

    private static Guid? OperationOf(object data) =>
        OperationIds.GetOrAdd(data.GetType(), t => t.GetProperty("OperationId"))?.GetValue(data) as Guid?;

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

    /// <summary>
    /// The head of each operation's chain (last sequence and hash) as the page goes. Those of the
    /// operations the page's told events name are read before the events are; any other (an
    /// artefact batch whose own progress entry falls in a later page) is read when first met, on a
    /// connection of its own, since the first is busy streaming the events.
    /// </summary>
    private sealed class Heads(IMartenDatabase database, string schema) : IAsyncDisposable
    {
        private readonly Dictionary<Guid, (long Sequence, byte[] Hash)> _heads = new();
        private NpgsqlConnection? _lookup;

        public async Task LoadAsync(NpgsqlConnection connection, Guid[] operationIds, CancellationToken cancellation)
        {
            if (operationIds.Length == 0) return;
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
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                _heads[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
            foreach (var id in operationIds) _heads.TryAdd(id, (0L, AuditChain.Genesis(id)));
        }

        public async ValueTask<(long Sequence, byte[] Hash)> OfAsync(Guid operationId, CancellationToken cancellation)
        {
            if (_heads.TryGetValue(operationId, out var head)) return head;
            if (_lookup is null)
            {
                _lookup = database.CreateConnection(ConnectionUsage.Read);
                await _lookup.OpenAsync(cancellation);
            }
            await LoadAsync(_lookup, [operationId], cancellation);
            return _heads[operationId];
        }

        public void Advance(Guid operationId, long sequence, byte[] hash) => _heads[operationId] = (sequence, hash);

        public async ValueTask DisposeAsync()
        {
            if (_lookup is not null) await _lookup.DisposeAsync();
        }
    }

    /// <summary>
    /// Consecutive artefact entries of one operation from one stream (a batch, or the part of it in
    /// this page): one row, their global sequence numbers and hashes in arrays. A single entry is an
    /// ordinary row.
    /// </summary>
    private sealed class ArtefactRow(Guid operationId, Guid stream)
    {
        private readonly List<long> _eventSequences = new();
        private readonly List<byte> _hashes = new();
        private long _sequence;
        private StoredEvent? _last;

        public Guid Stream => stream;

        public void Add(long sequence, StoredEvent e, byte[] hash)
        {
            _sequence = sequence;
            _last = e;
            _eventSequences.Add(e.Sequence);
            _hashes.AddRange(hash);
        }

        public void Queue(IDocumentOperations operations, Rows rows, string schema)
        {
            if (_last is null) return;
            var hash = _hashes.GetRange(_hashes.Count - AuditChain.HashLength, AuditChain.HashLength).ToArray();
            if (_eventSequences.Count == 1)
            {
                rows.Add(operationId, _sequence, _last, hash, null);
                return;
            }
            var actor = Rows.ActorFromHeaders(_last.Headers);
            operations.QueueSqlCommand(
                $"""
                insert into {schema}.{AuditTrailTable.Name} (operation_id, sequence, entries, event_seq, event_seqs, event_id, stream_id,
                    event_type, at, hash, hashes, shown, actor_id, actor_name, actor_force, actor_role, correlation_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?)
                """,
                operationId, _sequence, _eventSequences.Count, _last.Sequence, _eventSequences.ToArray(), _last.Id, stream, _last.Type,
                Rows.At(_last), hash, _hashes.ToArray(), actor?.Id!, actor?.Name!, actor?.Force!, actor?.Role.ToString()!, _last.CorrelationId!);
        }
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
            _at.Add(At(e));
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

        public static DateTimeOffset At(StoredEvent e) => new(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc));

        public static Actor? ActorFromHeaders(string? headers)
        {
            if (headers is null) return null;
            using var document = JsonDocument.Parse(headers);
            var root = document.RootElement;
            // Marten stores "no headers" as JSON null.
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Get("actor-id") is { } id && Enum.TryParse<Role>(Get("actor-role"), out var role)
                ? new Actor(id, Get("actor-name") ?? "", Get("actor-force") ?? "", role)
                : null;
        }
    }
}
