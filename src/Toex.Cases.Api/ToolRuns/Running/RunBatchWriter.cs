using Marten;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.ToolRuns;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>The run was cancelled; the runner stops between batches.</summary>
public sealed class RunCancelled() : Exception("The run was cancelled.");

/// <summary>The run cannot go on, for a reason its requester can act on.</summary>
public sealed class ToolRunFailure(string reason) : Exception(reason);

/// <summary>
/// Appends one batch of a run's output in one transaction: the artefacts and the progress that
/// says how far the material has been processed. A redelivered run resumes after the last
/// committed batch, so no artefact is appended twice by the same run.
/// </summary>
public sealed class RunBatchWriter(IDocumentStore store, ToolRun run, TimeProvider clock)
{
    private long _itemsDone = run.ItemsDone;

    public ToolRun Run => run;

    /// <summary>Which of these artefacts an earlier run already produced (they are reused, not produced again).</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new HashSet<Guid>();
        await using var session = store.QuerySession();
        var idArray = ids.ToArray();
        var found = await session.Query<Artefact>().Where(a => a.Id.IsOneOf(idArray)).Select(a => a.Id).ToListAsync(cancellationToken);
        return found.ToHashSet();
    }

    public async Task AppendAsync(Guid materialId, int done, int items, IReadOnlyList<object> output, ToolRunMetrics metrics,
        IReadOnlyList<SkippedItem> skipped, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.RecordRunner(run);
            var stream = await session.Events.FetchForWriting<ToolRun>(run.Id, cancellationToken);
            if (stream.Aggregate?.Status == ToolRunStatus.Cancelled) throw new RunCancelled();
            stream.AppendMany(output);
            stream.AppendOne(new ToolRunProgressed(run.Id, materialId, done, _itemsDone + items, metrics, skipped,
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
