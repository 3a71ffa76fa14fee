using System.Diagnostics;
using Npgsql;

namespace Toex.Cases.Bench.ToolRuns;

/// <summary>A dead-lettered ExecuteToolRun message: when it was seen, how far the run had got, and why it failed.</summary>
public sealed record Stall(TimeSpan At, long Done, string Exception);

public sealed record RunResult(
    string Tool, Guid RunId, RunState Final, TimeSpan EndToEnd, RunEvents? Events, IReadOnlyList<Stall> Stalls,
    TimeSpan? SearchableAfter, long Searchable, CpuShares? RunCpu, CpuShares? ProjectionCpu, DatabaseActivity? Database,
    long ProviderRequests, long ProviderTexts, int ProviderLargest)
{
    public bool Completed => Final.Status == "Completed";

    /// <summary>Completed without anyone's help: no message of the run was dead-lettered and replayed.</summary>
    public bool CompletedOnItsOwn => Completed && Stalls.Count == 0;

    public double EndToEndPerSecond => (Events?.Artefacts ?? 0) / EndToEnd.TotalSeconds;
}

/// <summary>
/// One run, timed from the client's side (POST to the first poll that sees Completed, every
/// 500 ms) and from the event store's (ToolRunStarted to ToolRunCompleted), then until the API
/// lists every artefact ("listed"). If Wolverine gives up on the
/// run's message (it lands in the dead letters while the run still says Running), the run can
/// never finish by itself: that is reported, and unless BENCH_REPLAY=0 the message is replayed
/// as an Admin would, so the run resumes after its last committed batch and can still be measured.
/// </summary>
public sealed class ToolRunMeasurement(
    CasesApi api, EventTable events, NpgsqlDataSource database, ZeroLatencyTranslator translator, Settings settings)
{
    private const int MaxReplays = 10;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public async Task<RunResult> RunAsync(Guid operationId, Guid materialId, string tool, object parameters)
    {
        await events.CheckpointAsync(); // start from the same clean WAL state as each raw baseline
        translator.Reset();
        var databaseBefore = await DatabaseActivity.SampleAsync(database);
        var cpuBefore = CpuSample.Take(settings.ApiPid);
        var earlier = (await api.DeadToolRunMessagesAsync()).Select(d => d.Id).ToHashSet();
        var clock = Stopwatch.StartNew();
        var runId = await api.RequestRunAsync(operationId, tool, materialId, parameters);
        Console.WriteLine($"{tool}: run {runId} requested");

        var stalls = new List<Stall>();
        RunState state;
        var nextReport = ProgressEvery;
        while (true)
        {
            state = await api.GetRunAsync(runId);
            if (state.IsFinished) break;
            if (clock.Elapsed > settings.RunTimeout)
            {
                Console.WriteLine($"{tool}: not finished after {settings.RunTimeout.TotalMinutes:0} minutes ({state.Status}, {state.Done:N0}/{state.Total:N0}); giving up.");
                return Unfinished(state with { Status = "TimedOut" });
            }
            if (clock.Elapsed >= nextReport)
            {
                Console.WriteLine($"  {tool,-9} {clock.Elapsed.TotalSeconds,5:0} s  {state.Status,-8} {state.Done,9:N0} / {state.Total:N0} rows");
                nextReport += ProgressEvery;
            }
            // Replayed letters stay listed (replayable) until Wolverine moves them back to the queue.
            if ((await api.DeadToolRunMessagesAsync()).Where(d => !d.Replayable && !earlier.Contains(d.Id)).ToList() is { Count: > 0 } dead)
            {
                var exception = $"{dead[0].ExceptionType}: {dead[0].ExceptionMessage}";
                stalls.Add(new Stall(clock.Elapsed, state.Done, exception));
                Console.WriteLine($"  {tool,-9} {clock.Elapsed.TotalSeconds,5:0} s  STALLED at {state.Done:N0} rows: Wolverine dead-lettered ExecuteToolRun " +
                    $"({exception}); the run says {state.Status} but nothing will resume it");
                if (!settings.ReplayDeadLetters || stalls.Count > MaxReplays)
                    return Unfinished(state with { Status = "Stalled", FailureReason = exception });
                Console.WriteLine($"  {tool,-9} replaying it as an Admin (POST /api/admin/dead-letters/replay; BENCH_REPLAY=0 stops here instead)");
                await api.ReplayAsync(dead.Select(d => d.Id));
            }
            await Task.Delay(Poll);
        }
        var endToEnd = clock.Elapsed;
        var cpuAtEnd = CpuSample.Take(settings.ApiPid);
        var databaseAtEnd = await DatabaseActivity.SampleAsync(database);
        var runCpu = CpuShares.Between(cpuBefore, cpuAtEnd);
        Console.WriteLine($"{tool}: {state.Status} after {endToEnd.TotalSeconds:0.0} s; {state.Done:N0}/{state.Total:N0} rows, " +
            $"{state.Items:N0} items, {state.Characters:N0} characters, {state.Skipped:N0} skipped, {state.Reused:N0} reused" +
            (stalls.Count > 0 ? $"; {stalls.Count} dead letter(s) replayed" : ""));
        if (runCpu is not null) Console.WriteLine($"  CPU during the run: {runCpu}");
        if (state.Status != "Completed")
        {
            Console.WriteLine($"  failure: {state.FailureReason}");
            return Unfinished(state);
        }

        var figures = await events.ReadAsync(runId, materialId);
        Console.WriteLine($"  mt_events: {figures.Artefacts:N0} artefact events ({figures.Translations:N0} translation_produced, " +
            $"{figures.Entities:N0} entity_extracted) in {figures.Batches:N0} batches; {figures.AllEvents:N0} events on the run's streams");
        Console.WriteLine($"  ToolRunRequested→Started {(figures.Started - figures.Requested).TotalSeconds:0.0} s, " +
            $"Started→Completed {(figures.Completed - figures.Started).TotalSeconds:0.0} s" +
            (figures.Attempts > 1 ? $", of which {figures.Running.TotalSeconds:0.0} s running over {figures.Attempts} attempts" : "") +
            $" = {figures.PerSecond:N0} artefact events/s; end-to-end {figures.Artefacts / endToEnd.TotalSeconds:N0}/s");
        Console.WriteLine($"  time between batch commits: p50 {figures.BatchP50:0} ms, p90 {figures.BatchP90:0} ms, max {figures.BatchMax:0} ms " +
            $"({(double)figures.Artefacts / Math.Max(1, figures.Batches):0} artefact events a batch)");
        if (translator.Requests > 0)
            Console.WriteLine($"  provider: {translator.Requests:N0} requests, {translator.Texts:N0} texts, at most {translator.LargestRequest} a request" +
                (translator.Texts > state.Total ? $"; {translator.Texts - state.Total:N0} texts sent twice (translated before a stall, never committed)" : ""));

        var (searchableAfter, searchable) = await WaitUntilListedAsync(runId, figures.Artefacts, clock);
        var projectionCpu = CpuShares.Between(cpuAtEnd, CpuSample.Take(settings.ApiPid));
        Console.WriteLine(searchableAfter is { } after
            ? $"  listed: all {searchable:N0} artefacts listed by the API {after.TotalSeconds:0.0} s after the POST ({(after - endToEnd).TotalSeconds:0.0} s after Completed was seen)"
            : $"  listed: only {searchable:N0} of {figures.Artefacts:N0} artefacts listed {settings.SearchableTimeout.TotalMinutes:0} minutes after Completed");
        if (projectionCpu is not null) Console.WriteLine($"  CPU from Completed until listed: {projectionCpu}");
        await Task.Delay(DatabaseActivity.StatisticsDelay);
        var databaseAfter = await DatabaseActivity.SampleAsync(database);
        Console.WriteLine($"  PostgreSQL from the POST until listed (WAL until Completed: {(databaseAtEnd.Wal - databaseBefore.Wal) / 1e6:0.0} MB):");
        var activity = databaseAfter.Since(databaseBefore);
        activity.Print("    ", figures.Artefacts);
        return new RunResult(tool, runId, state, endToEnd, figures, stalls, searchableAfter, searchable, runCpu, projectionCpu, activity,
            translator.Requests, translator.Texts, translator.LargestRequest);

        RunResult Unfinished(RunState final) => new(tool, runId, final, clock.Elapsed, null, stalls, null, 0,
            CpuShares.Between(cpuBefore, CpuSample.Take(settings.ApiPid)), null, null, translator.Requests, translator.Texts, translator.LargestRequest);
    }

    /// <summary>
    /// Until the API lists every artefact of the run (its total is the artefact streams' versions,
    /// a one-row read each, so it is asked every 500 ms).
    /// </summary>
    private async Task<(TimeSpan? After, long Listed)> WaitUntilListedAsync(Guid runId, long expected, Stopwatch clock)
    {
        var deadline = clock.Elapsed + settings.SearchableTimeout;
        long listed;
        while ((listed = await api.ArtefactTotalAsync(runId)) < expected)
        {
            if (clock.Elapsed > deadline) return (null, listed);
            await Task.Delay(Poll);
        }
        return (clock.Elapsed, listed);
    }
}
