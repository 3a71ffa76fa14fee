using System.Diagnostics;
using Npgsql;

namespace Toex.Cases.Bench;

/// <summary>
/// Waits for PostgreSQL's autovacuum to finish with what a load left it, so that what is measured
/// next does not share the cores with it. A load of a million rows makes the tables it wrote due for
/// an insert-triggered vacuum and an analyze; autovacuum looks at each database once a minute
/// (<c>autovacuum_naptime</c>), so it starts up to a minute after the load and then runs for tens
/// of seconds: in the search benchmark's last run before this wait, it finished vacuuming the search
/// table 20 s, and analysing it 28 s, after the queries began. A table is settled when no vacuum or analyze is working on it and none
/// is due by autovacuum's own thresholds (PostgreSQL's settings, as autovacuum computes them); the
/// wait ends when every table has stayed settled for longer than a backend may hold back its
/// statistics (PostgreSQL 15 flushes an idle backend's counts within 10 s). The benchmark runs no
/// VACUUM or ANALYZE itself: what it measures is the database as the product's own upkeep leaves it.
/// </summary>
public static class Autovacuum
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(11);

    public static async Task SettleAsync(NpgsqlDataSource database, TimeSpan timeout, string since)
    {
        var waiting = Stopwatch.StartNew();
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var settledSince = (TimeSpan?)null;
        while (true)
        {
            var busy = await BusyAsync(database);
            seen.UnionWith(busy);
            if (busy.Count > 0) settledSince = null;
            else settledSince ??= waiting.Elapsed;
            if (settledSince is { } quietFrom && waiting.Elapsed - quietFrom >= Quiet)
            {
                var worked = seen.Count == 0 ? "nothing was due" : "worked on " + string.Join(", ", seen);
                Console.WriteLine($"  autovacuum settled {quietFrom.TotalSeconds:0.0} s after {since} ({worked}; then quiet for {Quiet.TotalSeconds:0} s)");
                return;
            }
            if (waiting.Elapsed > timeout)
            {
                Console.WriteLine($"  autovacuum had not settled {timeout.TotalSeconds:0} s after {since}: still due or working on {string.Join(", ", busy)}; measuring anyway");
                return;
            }
            // A poll of the statistics views a second: negligible beside a vacuum.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// The tables a vacuum or analyze is working on, or that autovacuum's thresholds make due. Tables
    /// under 16 MB are left out: vacuuming them costs nothing worth waiting for, and small tables
    /// updated all the time (Wolverine's node heartbeats) fall due again every few minutes.
    /// </summary>
    private static async Task<List<string>> BusyAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            """
            WITH s AS (
                SELECT current_setting('autovacuum_vacuum_threshold')::float8 AS vt,
                       current_setting('autovacuum_vacuum_scale_factor')::float8 AS vs,
                       current_setting('autovacuum_vacuum_insert_threshold')::float8 AS it,
                       current_setting('autovacuum_vacuum_insert_scale_factor')::float8 AS "is",
                       current_setting('autovacuum_analyze_threshold')::float8 AS at,
                       current_setting('autovacuum_analyze_scale_factor')::float8 AS "as")
            SELECT t.schemaname || '.' || t.relname
              FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid CROSS JOIN s
             WHERE c.relpersistence <> 't' AND pg_total_relation_size(t.relid) >= 16 * 1024 * 1024
               AND (t.n_dead_tup > s.vt + s.vs * greatest(c.reltuples, 0)
                    OR t.n_ins_since_vacuum > s.it + s."is" * greatest(c.reltuples, 0)
                    OR t.n_mod_since_analyze > s.at + s."as" * greatest(c.reltuples, 0)
                    OR t.relid IN (SELECT relid FROM pg_stat_progress_vacuum UNION ALL SELECT relid FROM pg_stat_progress_analyze))
             ORDER BY 1
            """);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }
}
