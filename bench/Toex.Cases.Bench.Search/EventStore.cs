using Npgsql;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Bench.Search;

public sealed record RunTimes(Guid RunId, DateTimeOffset Started, DateTimeOffset Completed, long Translations);

public sealed record Artefacts(long Count, DateTimeOffset First, DateTimeOffset Last, long LastSequence);

public sealed record Indexed(long Translations, long All, double TableBytesPerRow, double IndexBytesPerRow);

/// <summary>What the runs left in the event store and the index, read directly from PostgreSQL.</summary>
public sealed class EventStore(NpgsqlDataSource database)
{
    public async Task<RunTimes> RunTimesAsync(Guid runId, Guid materialId)
    {
        await using var command = database.CreateCommand("""
            SELECT min(timestamp) FILTER (WHERE type = 'tool_run_started'), max(timestamp) FILTER (WHERE type = 'tool_run_completed'),
                   (SELECT count(*) FROM toex.mt_events t WHERE t.stream_id = $2 AND t.type = 'translation_produced')
              FROM toex.mt_events WHERE stream_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ArtefactIds.StreamFor(runId, materialId) });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new RunTimes(runId, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2));
    }

    public async Task<Artefacts> ArtefactsAsync()
    {
        await using var command = database.CreateCommand(
            "SELECT count(*), min(timestamp), max(timestamp), max(seq_id) FROM toex.mt_events WHERE type = 'translation_produced'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Artefacts(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3));
    }

    public async Task<Indexed> IndexedAsync()
    {
        await using var command = database.CreateCommand("""
            SELECT count(*) FILTER (WHERE kind = 'Translation'), count(*),
                   pg_table_size(to_regclass((SELECT 'toex.' || t.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                       JOIN pg_class v ON v.oid = r.ev_class JOIN pg_class t ON t.oid = d.refobjid
                      WHERE v.oid = 'toex.search'::regclass AND t.relkind = 'r' LIMIT 1)))::float8,
                   pg_indexes_size(to_regclass((SELECT 'toex.' || t.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                       JOIN pg_class v ON v.oid = r.ev_class JOIN pg_class t ON t.oid = d.refobjid
                      WHERE v.oid = 'toex.search'::regclass AND t.relkind = 'r' LIMIT 1)))::float8
              FROM toex.search
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var all = reader.GetInt64(1);
        return new Indexed(reader.GetInt64(0), all, reader.GetDouble(2) / Math.Max(1, all), reader.GetDouble(3) / Math.Max(1, all));
    }

    /// <summary>Whether autovacuum has analysed the live table yet (the planner's estimates depend on it), and its size.</summary>
    public async Task<string> TableStatisticsAsync(string liveIndex)
    {
        await using var command = database.CreateCommand("""
            SELECT n_live_tup, last_autoanalyze, last_analyze, last_autovacuum, pg_size_pretty(pg_total_relation_size(relid))
              FROM pg_stat_user_tables WHERE schemaname = 'toex' AND relname = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = liveIndex });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return $"toex.{liveIndex}: no statistics";
        string When(int i) => reader.IsDBNull(i) ? "never" : $"{reader.GetFieldValue<DateTimeOffset>(i):HH:mm:ss}";
        return $"toex.{liveIndex}: {reader.GetInt64(0):N0} live rows, {reader.GetString(4)} with indexes; last autoanalyze {When(1)}, " +
            $"last analyze {When(2)}, last autovacuum {When(3)} (now {DateTimeOffset.UtcNow:HH:mm:ss} UTC; the benchmark runs no ANALYZE itself)";
    }
}
