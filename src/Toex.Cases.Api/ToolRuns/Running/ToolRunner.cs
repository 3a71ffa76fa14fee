using Marten;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Api.Materials;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Tools.Translation;
using Wolverine;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>The <c>Tools:*</c> settings of the runner itself.</summary>
public sealed class ToolRunnerSettings
{
    private static readonly TimeSpan[] DefaultDelays = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>
    /// Waits between attempts of a run whose provider is failing transiently (Tools:RetryDelays);
    /// attempts = delays + 1. No default in the property itself: the configuration binder appends
    /// to an array it finds, where the setting must replace it.
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    public TimeSpan[] Delays => RetryDelays is { Length: > 0 } delays ? delays : DefaultDelays;

    public int MaxAttempts => Delays.Length + 1;

    /// <summary>Settings of translate runs beyond the provider's own (Tools:Translate:*).</summary>
    public TranslateRunSettings Translate { get; set; } = new();

    /// <summary>Refuses settings no run could work with, at start-up rather than at the first run.</summary>
    public void Check()
    {
        if (Translate.MaxConcurrentRequests < 1)
            throw new InvalidOperationException(
                $"Tools:Translate:MaxConcurrentRequests must be at least 1; it is {Translate.MaxConcurrentRequests}.");
    }
}

public sealed class TranslateRunSettings
{
    /// <summary>
    /// Requests a translate run has in flight to its provider at once (Tools:Translate:MaxConcurrentRequests):
    /// a batch's texts are sent in several requests, and waiting for each answer before sending the
    /// next leaves the run idle for a round trip per request.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 4;
}

/// <summary>
/// Executes one run: checks each exhibit's hash before touching it (a tool never processes
/// altered evidence), records the access, hands the material to the tool from where the last
/// committed batch left off, and ends the run as completed, failed (with a reason a user can act
/// on) or — if it was cancelled meanwhile — stops between batches.
/// </summary>
public sealed class ToolRunner(
    IDocumentStore store, ContentStore content, IEnumerable<IToolExecutor> executors, ToolRunnerSettings settings,
    TimeProvider clock, ILogger<ToolRunner> logger)
{
    private readonly Dictionary<Tool, IToolExecutor> _executors = executors.ToDictionary(e => e.Tool);
    private readonly ArtefactAppender _artefacts = new(store);

    public async Task RunAsync(Guid runId, int attempt, CancellationToken cancellationToken)
    {
        ToolRun? run;
        await using (var session = store.LightweightSession())
            run = await session.Events.FetchLatest<ToolRun>(runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            logger.LogInformation("Tool run {RunId} is {Status}; nothing to do", runId, run?.Status.ToString() ?? "unknown");
            return;
        }

        var executor = _executors[run.Tool];
        try
        {
            var materials = await LoadMaterialsAsync(run, cancellationToken);
            long total = 0;
            foreach (var material in materials)
            {
                await VerifyAsync(run, material, cancellationToken);
                total += await executor.CountAsync(material, () => content.OpenRead(material.Sha256), cancellationToken);
            }
            if (!await RunBatchWriter.AppendToRunAsync(store, run, r =>
                    [new ToolRunStarted(r.Id, r.OperationId, attempt, total, ToolRunDecisions.Runner, clock.GetUtcNow())],
                    cancellationToken))
                return;

            await using (var writer = new RunBatchWriter(store, _artefacts, run, clock))
            {
                foreach (var material in materials)
                    await executor.ExecuteAsync(
                        new MaterialWork(material, () => content.OpenRead(material.Sha256), run.DoneFor(material.Id), writer),
                        cancellationToken);
                await writer.DrainAsync();
            }

            await RunBatchWriter.AppendToRunAsync(store, run, r =>
                [new ToolRunCompleted(r.Id, r.OperationId, r.Metrics, ToolRunDecisions.Runner, clock.GetUtcNow())], cancellationToken);
        }
        catch (RunCancelled)
        {
            logger.LogInformation("Tool run {RunId} was cancelled; stopped between batches", runId);
        }
        catch (ToolRunFailure failure)
        {
            await FailAsync(run, failure.Message, cancellationToken);
        }
        catch (ProviderException failure) when (!failure.Transient || attempt >= settings.MaxAttempts)
        {
            await FailAsync(run, failure.Transient
                ? $"{failure.Message} The run tried {attempt} times and stopped; ask for it again later: what it already produced is kept and will not be sent again."
                : failure.Message, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<MaterialDetails>> LoadMaterialsAsync(ToolRun run, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var materials = await session.LoadManyAsync<MaterialDetails>(cancellationToken, run.MaterialIds);
        return run.MaterialIds.Select(id => materials.SingleOrDefault(m => m.Id == id)
            ?? throw new ToolRunFailure($"Material {id} is not registered.")).ToList();
    }

    /// <summary>Checks the exhibit against its registration hash and records the access (continuity).</summary>
    private async Task VerifyAsync(ToolRun run, MaterialDetails material, CancellationToken cancellationToken)
    {
        var check = await content.VerifyAsync(material.Sha256, cancellationToken);
        await using var session = store.LightweightSession();
        session.RecordRunner(run);
        var now = clock.GetUtcNow();
        if (check is not ContentCheck.Intact)
        {
            session.Events.Append(material.Id, new MaterialIntegrityFailed(material.Id, material.OperationId, material.Sha256,
                (check as ContentCheck.Altered)?.ActualSha256, ToolRunDecisions.Runner, now));
            await session.SaveChangesAsync(cancellationToken);
            throw new ToolRunFailure(
                $"Exhibit {material.ExhibitRef} failed its integrity check: the stored content does not match the SHA-256 taken at registration. It was not processed.");
        }
        session.Events.Append(material.Id, new MaterialContentAccessed(material.Id, material.OperationId, AccessPurpose.ToolRun,
            run.Id, ToolRunDecisions.Runner, now));
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task FailAsync(ToolRun run, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Tool run {RunId} failed: {Reason}", run.Id, reason);
        await RunBatchWriter.AppendToRunAsync(store, run, r =>
            [new ToolRunFailed(r.Id, r.OperationId, reason, ToolRunDecisions.Runner, clock.GetUtcNow())], cancellationToken);
    }
}

public static class ExecuteToolRunHandler
{
    /// <summary>
    /// Wolverine cancels a handler after 60 s by default; a run over an operation-sized download
    /// takes minutes (a 2 GiB export, hours). Twelve hours bounds a runaway run without cutting
    /// off real ones; cancellation by a user is the run's own event, checked between batches.
    /// </summary>
    public const int TimeoutSeconds = 12 * 60 * 60;

    [Wolverine.Attributes.MessageTimeout(TimeoutSeconds)]
    public static Task Handle(ExecuteToolRun message, Envelope envelope, ToolRunner runner, CancellationToken cancellation) =>
        runner.RunAsync(message.RunId, envelope.Attempts, cancellation);
}
