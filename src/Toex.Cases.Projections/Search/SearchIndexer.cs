using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using Toex.Cases.Domain.Findings;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Search;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Projections.Search;

public enum SearchRebuildState { Running, Completed, Failed }

public sealed record SearchRebuildStatus(
    Guid Id, SearchRebuildState State, string Index, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    long EventsReplayed, string? Error);

/// <summary>
/// How far the search views are behind the event store: the last event applied, the newest event
/// stored, how many lie between, and how long the first of those (the next the feed applies) has
/// waited. That one is found on the sequence's index; the earliest timestamp among all pending
/// events would read every one of them (0.8 s with 400,000 pending, and monitors poll this).
/// </summary>
public sealed record SearchStatus(
    string Engine, string LiveIndex, long AppliedThrough, DateTimeOffset? AppliedAt, long HighWaterMark, long PendingEvents,
    double LagSeconds, SearchRebuildStatus? Rebuild);

/// <summary>
/// Owns the live index and its bookkeeping (<c>search_state</c>): the feed applies each page to
/// whatever index is live and records how far it got, under a PostgreSQL advisory lock that a
/// rebuild also takes for its last step (catch up to that point, swap, continue), so no page can
/// land in the index being replaced once the swap is decided, on any node.
/// </summary>
public sealed class SearchIndexer(ISearchEngine engine, NpgsqlDataSource dataSource, string schema, TimeProvider clock)
{
    private const int ReplayPage = 5000;
    private readonly SemaphoreSlim ready = new(1, 1);
    private bool isReady;

    public ISearchEngine Engine => engine;

    private string State => $"{schema}.search_state";

    public async Task EnsureReadyAsync(CancellationToken ct)
    {
        if (isReady) return;
        await ready.WaitAsync(ct);
        try
        {
            if (isReady) return;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await ExecuteAsync(connection,
                $"""
                CREATE SCHEMA IF NOT EXISTS {schema};
                CREATE TABLE IF NOT EXISTS {State} (
                    id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
                    applied_through bigint NOT NULL DEFAULT 0,
                    applied_at timestamptz,
                    live_index text,
                    rebuild_id uuid, rebuild_state text, rebuild_index text, rebuild_requested_by text,
                    rebuild_started timestamptz, rebuild_finished timestamptz, rebuild_events bigint, rebuild_error text);
                ALTER TABLE {State} ADD COLUMN IF NOT EXISTS live_index text;
                INSERT INTO {State} (id) VALUES (1) ON CONFLICT DO NOTHING;
                """, ct);
            // The live index's name is kept with the feed's bookkeeping, so that a page costs one
            // round trip for the lock and the name; it is asked of the engine under the lock, so a
            // rebuild's swap on another node cannot be overwritten with the name it replaced.
            await LockAsync(connection, ct);
            try
            {
                await using var command = new NpgsqlCommand($"UPDATE {State} SET live_index = $1", connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = await engine.EnsureLiveAsync(ct) });
                await command.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                await UnlockAsync(connection);
            }
            isReady = true;
        }
        finally
        {
            ready.Release();
        }
    }

    /// <summary>Applies one page of the feed to the live index and records the last event it covered.</summary>
    public async Task ApplyLiveAsync(IReadOnlyList<SearchChange> changes, long throughSequence, CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var live = await LockAndReadLiveAsync(connection, ct);
            if (changes.Count > 0) await engine.ApplyAsync(live, changes, ct);
            await using var command = new NpgsqlCommand(
                $"UPDATE {State} SET applied_through = greatest(applied_through, $1), applied_at = $2", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = throughSequence });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    public async Task<SearchStatus> StatusAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT st.applied_through, st.applied_at, st.live_index,
                   (SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events) AS high,
                   (SELECT timestamp FROM {schema}.mt_events WHERE seq_id > st.applied_through ORDER BY seq_id LIMIT 1) AS next_pending,
                   st.rebuild_id, st.rebuild_state, st.rebuild_index, st.rebuild_requested_by, st.rebuild_started, st.rebuild_finished,
                   st.rebuild_events, st.rebuild_error
              FROM {State} st
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var applied = reader.GetInt64(0);
        var high = reader.GetInt64(3);
        var lag = reader.IsDBNull(4) ? 0 : Math.Max(0, (clock.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(4)).TotalSeconds);
        SearchRebuildStatus? rebuild = reader.IsDBNull(5) ? null : new SearchRebuildStatus(
            reader.GetGuid(5), Enum.Parse<SearchRebuildState>(reader.GetString(6)), reader.GetString(7), reader.GetString(8),
            reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(11) ? 0 : reader.GetInt64(11), reader.IsDBNull(12) ? null : reader.GetString(12));
        var appliedAt = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
        return new SearchStatus(engine.Name, reader.GetString(2), applied, appliedAt, high, Math.Max(0, high - applied), lag, rebuild);
    }

    /// <summary>
    /// Records a rebuild as started, unless one is already running (then returns it): a second
    /// request while one runs would only race it.
    /// </summary>
    public async Task<(SearchRebuildStatus Rebuild, bool Started)> BeginRebuildAsync(Guid id, string requestedBy, CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        if ((await StatusAsync(ct)).Rebuild is { State: SearchRebuildState.Running } running) return (running, false);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {State} SET rebuild_id = $1, rebuild_state = 'Running', rebuild_index = '', rebuild_requested_by = $2,
                   rebuild_started = $3, rebuild_finished = NULL, rebuild_events = 0, rebuild_error = NULL
             WHERE rebuild_state IS DISTINCT FROM 'Running'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestedBy });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var started = await command.ExecuteNonQueryAsync(ct) == 1;
        return ((await StatusAsync(ct)).Rebuild!, started);
    }

    /// <summary>
    /// Rebuilds the search views from the events into a new index while the live one keeps serving
    /// (and being fed), then catches up under the feed's lock and swaps. Replaying a page twice
    /// (a redelivered rebuild) changes nothing.
    /// </summary>
    public async Task RebuildAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var index = await engine.CreateIndexAsync(ct);
        long replayed = 0;
        try
        {
            await UpdateRebuildAsync(id, "rebuild_index = $2", index, ct);
            long high;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            await using (var command = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", connection))
                high = (long)(await command.ExecuteScalarAsync(ct))!;
            replayed += await ReplayAsync(store, index, 0, high, id, replayed, ct);

            await using var locked = await dataSource.OpenConnectionAsync(ct);
            await LockAsync(locked, ct);
            try
            {
                await using var applied = new NpgsqlCommand($"SELECT applied_through FROM {State}", locked);
                var through = (long)(await applied.ExecuteScalarAsync(ct))!;
                if (through > high) replayed += await ReplayAsync(store, index, high, through, id, replayed, ct);
                await engine.SwapAsync(index, ct);
                await using var swapped = new NpgsqlCommand($"UPDATE {State} SET live_index = $1", locked);
                swapped.Parameters.Add(new NpgsqlParameter<string> { TypedValue = index });
                await swapped.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                await UnlockAsync(locked);
            }
            await UpdateRebuildAsync(id, "rebuild_state = 'Completed', rebuild_finished = $2, rebuild_events = " + replayed,
                clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await UpdateRebuildAsync(id, "rebuild_state = 'Failed', rebuild_finished = now(), rebuild_error = $2", e.Message, CancellationToken.None);
            throw;
        }
    }

    private static readonly Type[] Searchable =
    [
        typeof(OperationTasked), typeof(MaterialRegistered), typeof(TranslationProduced), typeof(TranscriptSegmentProduced),
        typeof(EntityExtracted), typeof(FindingRecorded), typeof(FindingSuperseded), typeof(ToolRunRetracted),
    ];

    private async Task<long> ReplayAsync(IDocumentStore store, string index, long after, long through, Guid id, long before, CancellationToken ct)
    {
        long replayed = 0;
        await using var session = store.QuerySession();
        while (after < through)
        {
            var from = after;
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= through && e.EventTypesAre(Searchable))
                .OrderBy(e => e.Sequence).Take(ReplayPage).ToListAsync(ct);
            if (events.Count == 0) break;
            await engine.ApplyAsync(index, await SearchFeed.ChangesAsync(session, events, ct), ct);
            after = events[^1].Sequence;
            replayed += events.Count;
            await UpdateRebuildAsync(id, "rebuild_events = $2", before + replayed, ct);
        }
        return replayed;
    }

    private async Task UpdateRebuildAsync<T>(Guid id, string set, T value, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"UPDATE {State} SET {set} WHERE rebuild_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Takes the feed's lock and reads the live index's name, in one round trip.</summary>
    private async Task<string> LockAndReadLiveAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_lock(hashtext('toex.search.feed'))"),
                new NpgsqlBatchCommand($"SELECT live_index FROM {State}"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetString(0);
    }

    private static Task LockAsync(NpgsqlConnection connection, CancellationToken ct) =>
        ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext('toex.search.feed'))", ct);

    private static Task UnlockAsync(NpgsqlConnection connection) =>
        ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext('toex.search.feed'))", CancellationToken.None);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
