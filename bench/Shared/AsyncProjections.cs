using System.Diagnostics;
using Npgsql;

namespace Toex.Cases.Bench;

/// <summary>
/// The API's asynchronous projections (audit trail, search feed): how long after a run they
/// reach the last event, so that nothing measured next competes with their catching up. Skipped
/// when the benchmark runs the API without them (<c>Projections__DaemonMode=Disabled</c>).
/// </summary>
public static class AsyncProjections
{
    public static async Task CatchUpAsync(NpgsqlDataSource database, TimeSpan timeout, string since = "the run was seen complete")
    {
        if (string.Equals(Environment.GetEnvironmentVariable("Projections__DaemonMode"), "Disabled", StringComparison.OrdinalIgnoreCase))
        {
            Console.WriteLine("  asynchronous projections: disabled for this benchmark");
            return;
        }
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            // Projection shards are named "Projection:Shard"; the daemon's own rows (HighWaterMark, …) are not.
            await using var command = database.CreateCommand(
                """
                SELECT (SELECT coalesce(max(seq_id), 0) FROM toex.mt_events),
                       (SELECT coalesce(string_agg(name || ' at ' || last_seq_id, ', ' ORDER BY name), '')
                          FROM toex.mt_event_progression WHERE name LIKE '%:%'),
                       (SELECT coalesce(min(last_seq_id), 0) FROM toex.mt_event_progression WHERE name LIKE '%:%')
                """);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var last = reader.GetInt64(0);
            var progress = reader.GetString(1);
            if (reader.GetInt64(2) >= last)
            {
                Console.WriteLine($"  asynchronous projections ({progress}) caught up {waiting.Elapsed.TotalSeconds:0.0} s after {since}");
                return;
            }
            if (waiting.Elapsed > timeout)
                throw new TimeoutException($"The asynchronous projections had not reached event {last:N0} after {timeout} ({progress}).");
            // A benchmark polling the database it measures, twice a second: negligible beside the catch-up.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
