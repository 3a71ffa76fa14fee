using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.ToolRuns;

public sealed record RequestToolRun(
    Guid RunId, Guid OperationId, Tool Tool, IReadOnlyList<Guid> MaterialIds, ToolParameters Parameters, Actor By) : IActorCommand;

public sealed record CancelToolRun(Guid ToolRunId, string? Reason, Actor By) : IActorCommand;

public sealed record RetractToolRun(Guid ToolRunId, string Reason, Actor By) : IActorCommand;

/// <summary>The write model of a run: what the runner and the cancel command need to decide.</summary>
public sealed record ToolRun(
    Guid Id, Guid OperationId, Tool Tool, IReadOnlyList<Guid> MaterialIds, ToolParameters Parameters, Actor RequestedBy,
    ToolRunStatus Status, int Attempts, IReadOnlyDictionary<Guid, int> Done, long ItemsDone, ToolRunMetrics Metrics,
    bool Retracted = false)
{
    public bool IsFinished => Status is ToolRunStatus.Completed or ToolRunStatus.Failed or ToolRunStatus.Cancelled;

    public int DoneFor(Guid materialId) => Done.GetValueOrDefault(materialId);

    public static ToolRun Create(ToolRunRequested e) => new(e.RunId, e.OperationId, e.Tool, e.MaterialIds, e.Parameters, e.By,
        ToolRunStatus.Queued, 0, new Dictionary<Guid, int>(), 0, ToolRunMetrics.None);

    public static ToolRun Apply(ToolRunStarted e, ToolRun current) =>
        current with { Status = ToolRunStatus.Running, Attempts = e.Attempt };

    public static ToolRun Apply(ToolRunProgressed e, ToolRun current) => current with
    {
        Done = new Dictionary<Guid, int>(current.Done) { [e.MaterialId] = e.Done },
        ItemsDone = e.ItemsDone,
        Metrics = current.Metrics.Add(e.Batch),
    };

    public static ToolRun Apply(ToolRunCompleted _, ToolRun current) => current with { Status = ToolRunStatus.Completed };

    public static ToolRun Apply(ToolRunFailed _, ToolRun current) => current with { Status = ToolRunStatus.Failed };

    public static ToolRun Apply(ToolRunCancelled _, ToolRun current) => current with { Status = ToolRunStatus.Cancelled };

    public static ToolRun Apply(ToolRunRetracted _, ToolRun current) => current with { Retracted = true };
}

public static class ToolRunDecisions
{
    /// <summary>The runner's identity on events it appends on the requester's behalf.</summary>
    public static readonly Actor Runner = new("toex-tool-runner", "TOEX Cases tool runner", Reference.Forces.Toex, Role.System);

    public static ToolRunRequested Decide(RequestToolRun command, DateTimeOffset now)
    {
        if (command.MaterialIds.Count == 0)
            throw new Operations.RuleRefused("materials-required", "A tool run needs at least one material.");
        return new ToolRunRequested(command.RunId, command.OperationId, command.Tool, command.MaterialIds.Distinct().ToArray(),
            command.Parameters, command.By, now);
    }

    public static ToolRunCancelled Decide(ToolRun current, CancelToolRun command, DateTimeOffset now)
    {
        if (current.IsFinished)
            throw new Operations.RuleRefused("run-finished", $"The run has already finished ({current.Status}).");
        return new ToolRunCancelled(current.Id, current.OperationId, command.Reason, command.By, now);
    }

    /// <summary>Withdraws a finished run's output, once; a run still going is cancelled first.</summary>
    public static ToolRunRetracted Decide(ToolRun current, RetractToolRun command, DateTimeOffset now)
    {
        if (!current.IsFinished)
            throw new Operations.RuleRefused("run-not-finished", "The run has not finished; cancel it before retracting its output.");
        if (current.Retracted)
            throw new Operations.RuleRefused("run-retracted", "The run's output was already retracted.");
        return new ToolRunRetracted(current.Id, current.OperationId, command.Reason, command.By, now);
    }
}
