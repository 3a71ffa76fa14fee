using Toex.Cases.Domain.ToolRuns;
using Npgsql;

namespace Toex.Cases.Bench.ToolRuns;

public sealed record RunEvents(
    long Artefacts, long Translations, long Entities, long Batches, long AllEvents,
    DateTimeOffset Requested, DateTimeOffset Started, DateTimeOffset Completed, int Attempts, TimeSpan Running,
    double BatchP50, double BatchP90, double BatchMax)
{
    /// <summary>
    /// The runner's own time: from each ToolRunStarted to the last event of that attempt (for the
    /// last attempt, ToolRunCompleted), as stamped in mt_events. With one attempt, simply
    /// ToolRunStarted to ToolRunCompleted; the waits between attempts are left out.
    /// </summary>
    public double PerSecond => Artefacts / Running.TotalSeconds;
}

public sealed record EventSize(string Type, long Count, double Data, double Headers, double Row);

/// <summary>
/// What a run left in the event store (toex.mt_events), read directly from PostgreSQL: the run's
/// own stream and its artefact stream for the material (the benchmark's runs have one material).
/// </summary>
public sealed class EventTable(NpgsqlDataSource database)
{
    public static Guid[] Streams(Guid runId, Guid materialId) => [runId, ArtefactIds.StreamFor(runId, materialId)];

    public async Task<RunEvents> ReadAsync(Guid runId, Guid materialId)
    {
        var streams = Streams(runId, materialId);
        long artefacts;
        await using (var count = database.CreateCommand(
            "select count(*) from toex.mt_events where stream_id = any(@streams) and type in ('translation_produced','entity_extracted')"))
        {
            count.Parameters.AddWithValue("streams", streams);
            artefacts = (long)(await count.ExecuteScalarAsync())!;
        }

        var counts = new Dictionary<string, long>();
        await using (var byType = database.CreateCommand("select type, count(*) from toex.mt_events where stream_id = any(@streams) group by type"))
        {
            byType.Parameters.AddWithValue("streams", streams);
            await using var reader = await byType.ExecuteReaderAsync();
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        var milestones = new List<(string Type, DateTimeOffset At)>();
        await using (var command = database.CreateCommand("""
            select type, timestamp from toex.mt_events
             where stream_id = @runId and type in ('tool_run_requested', 'tool_run_started', 'tool_run_progressed', 'tool_run_completed')
             order by version
            """))
        {
            command.Parameters.AddWithValue("runId", runId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) milestones.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        var running = TimeSpan.Zero;
        var gaps = new List<double>();
        DateTimeOffset? attemptStarted = null, previous = null;
        DateTimeOffset? lastBatch = null;
        foreach (var (type, at) in milestones)
        {
            switch (type)
            {
                case "tool_run_started":
                    if (attemptStarted is { } s && previous is { } p) running += p - s;
                    attemptStarted = at;
                    lastBatch = at;
                    break;
                case "tool_run_progressed":
                    if (lastBatch is { } b) gaps.Add((at - b).TotalMilliseconds);
                    lastBatch = at;
                    break;
                case "tool_run_completed":
                    if (attemptStarted is { } started) running += at - started;
                    attemptStarted = null;
                    break;
            }
            previous = at;
        }
        gaps.Sort();
        DateTimeOffset First(string type) => milestones.First(m => m.Type == type).At;
        return new RunEvents(artefacts, counts.GetValueOrDefault("translation_produced"), counts.GetValueOrDefault("entity_extracted"),
            counts.GetValueOrDefault("tool_run_progressed"), counts.Values.Sum(),
            First("tool_run_requested"), First("tool_run_started"), milestones.Last(m => m.Type == "tool_run_completed").At,
            milestones.Count(m => m.Type == "tool_run_started"), running,
            Percentile(gaps, 0.5), Percentile(gaps, 0.9), gaps.Count == 0 ? double.NaN : gaps[^1]);
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Average size of each event type of the run: data and headers as jsonb prints them, and the whole stored row.</summary>
    public async Task<IReadOnlyList<EventSize>> SizesAsync(Guid runId, Guid materialId)
    {
        await using var command = database.CreateCommand("""
            select type, count(*), avg(octet_length(data::text))::float8, coalesce(avg(octet_length(headers::text)), 0)::float8,
                   avg(pg_column_size(e.*))::float8
              from toex.mt_events e where stream_id = any(@streams) group by type order by count(*) desc
            """);
        command.Parameters.AddWithValue("streams", Streams(runId, materialId));
        await using var reader = await command.ExecuteReaderAsync();
        var sizes = new List<EventSize>();
        while (await reader.ReadAsync())
            sizes.Add(new EventSize(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
        return sizes;
    }

    /// <summary>The headers of one event of the type, as jsonb prints them (every event of a run carries the same).</summary>
    public async Task<string> SampleHeadersAsync(Guid runId, Guid materialId, string type)
    {
        await using var command = database.CreateCommand(
            "select headers::text from toex.mt_events where stream_id = any(@streams) and type = @type limit 1");
        command.Parameters.AddWithValue("streams", Streams(runId, materialId));
        command.Parameters.AddWithValue("type", type);
        return (string?)await command.ExecuteScalarAsync() ?? "{}";
    }

    public async Task CheckpointAsync()
    {
        await using var command = database.CreateCommand("checkpoint");
        await command.ExecuteNonQueryAsync();
    }

}
