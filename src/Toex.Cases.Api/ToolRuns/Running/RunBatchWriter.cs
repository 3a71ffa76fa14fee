using JasperFx.Events;
using Marten;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>The run was cancelled; the runner stops between batches.</summary>
public sealed class RunCancelled() : Exception("The run was cancelled.");

/// <summary>The run cannot go on, for a reason its requester can act on.</summary>
public sealed class ToolRunFailure(string reason) : Exception(reason);

/// <summary>
/// Appends one batch of a run's output in one transaction: the artefacts, to the run's stream for
/// that material, and on the run's own stream the progress that says how far the material has
/// been processed. A redelivered run resumes after the last committed batch, so no artefact is
/// appended twice by the same run; artefact ids are event ids, which the store keeps unique, so
/// no artefact is appended twice at all.
/// <para>
/// Batches are written one at a time and in order, but a batch is written while the tool prepares
/// the next (reading, calling the provider, extracting, and serializing the artefacts' JSON):
/// <see cref="AppendAsync"/> returns once the previous batch has committed and this one is under
/// way. <see cref="DrainAsync"/> waits for the last; a failed write surfaces at the next call to either.
/// </para>
/// </summary>
public sealed class RunBatchWriter(IDocumentStore store, ArtefactAppender artefacts, ToolRun run, TimeProvider clock) : IAsyncDisposable
{
    private long _itemsDone = run.ItemsDone;
    private readonly IReadOnlyDictionary<string, object> _headers = ActorMetadataMiddleware.RunnerHeaders(run);
    private Task? _writing;

    public ToolRun Run => run;

    /// <summary>Which of these artefacts an earlier run (or attempt) already produced: they are reused, not produced again.</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.ExistingAsync(ids, cancellationToken);
    }

    public async Task AppendAsync(Guid materialId, int done, int items, IReadOnlyList<object> output, ToolRunMetrics metrics,
        IReadOnlyList<SkippedItem> skipped, CancellationToken cancellationToken)
    {
        var events = new List<IEvent>(output.Count);
        var others = new List<object>();
        foreach (var data in output)
            if (Artefact.AsEvent(data) is { } artefact) events.Add(artefact);
            else others.Add(data);
        var produced = artefacts.Prepare(events);
        await DrainAsync();
        _writing = WriteAsync(materialId, done, items, others, produced, metrics, skipped, cancellationToken);
    }

    /// <summary>Waits until every batch handed over has committed; throws what a write threw.</summary>
    public async Task DrainAsync()
    {
        if (_writing is not { } writing) return;
        _writing = null;
        await writing;
    }

    /// <summary>Lets a batch in flight finish when the run stops for another reason; its own failure is not the news.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await DrainAsync();
        }
        catch (Exception)
        {
            // The run is already stopping with the exception that ended it.
        }
    }

    private async Task WriteAsync(Guid materialId, int done, int items, IReadOnlyList<object> others, ArtefactAppender.Prepared produced,
        ToolRunMetrics metrics, IReadOnlyList<SkippedItem> skipped, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.RecordRunner(run);
            var stream = await session.Events.FetchForWriting<ToolRun>(run.Id, cancellationToken);
            if (stream.Aggregate?.Status == ToolRunStatus.Cancelled) throw new RunCancelled();
            await artefacts.AppendAsync(session, ArtefactIds.StreamFor(run.Id, materialId), produced, _headers, clock.GetUtcNow(),
                cancellationToken);
            stream.AppendMany(others);
            stream.AppendOne(new ToolRunProgressed(run.Id, run.OperationId, materialId, done, _itemsDone + items, metrics, skipped,
                ToolRunDecisions.Runner, clock.GetUtcNow()));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                _itemsDone += items;
                return;
            }
            // Only a cancellation (or another append to the run) can race with the runner: look again.
            catch (JasperFx.ConcurrencyException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Appends events to the run stream on their own (start, summaries, completion).</summary>
    public static async Task<bool> AppendToRunAsync(IDocumentStore store, ToolRun run, Func<ToolRun, IEnumerable<object>> decide,
        CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.RecordRunner(run);
        var stream = await session.Events.FetchForWriting<ToolRun>(run.Id, cancellationToken);
        if (stream.Aggregate is null || stream.Aggregate.IsFinished) return false;
        stream.AppendMany(decide(stream.Aggregate).ToArray());
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }
}
