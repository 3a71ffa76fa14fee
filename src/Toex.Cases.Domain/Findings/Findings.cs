using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Domain.Findings;

public enum FindingKind
{
    SuspectIdentified, PhoneAttributed, VictimIdentified, FinancialLead, AddressOfInterest, TravelPattern, NetworkLink, Other,
}

public enum EvidentialValue { High, Medium, Low, None }

/// <summary>An analyst's conclusion with its provenance: the artefacts and tool runs it rests on.</summary>
public sealed record FindingRecorded(
    Guid FindingId, Guid OperationId, FindingKind Kind, string Summary, IReadOnlyList<Guid> ArtefactIds, IReadOnlyList<Guid> ToolRunIds,
    EvidentialValue EvidentialValue, Guid? Supersedes, Actor By, DateTimeOffset At);

/// <summary>A finding was corrected by a later one; it stays on the record, marked as superseded.</summary>
public sealed record FindingSuperseded(Guid FindingId, Guid OperationId, Guid SupersededBy, Actor By, DateTimeOffset At);

public sealed record RecordFinding(
    Guid FindingId, Guid OperationId, FindingKind Kind, string Summary, IReadOnlyList<Guid> ArtefactIds, IReadOnlyList<Guid> ToolRunIds,
    EvidentialValue EvidentialValue, Guid? Supersedes, Actor By) : IActorCommand;

/// <summary>What the decision needs to know about a finding being superseded.</summary>
public sealed record SupersededFinding(Guid Id, Guid OperationId, Guid? SupersededBy);

public static class FindingDecisions
{
    /// <summary>
    /// Records a finding on an open operation; when it corrects an earlier finding of the same
    /// operation that is still current, the earlier one is marked superseded in the same step.
    /// </summary>
    public static IReadOnlyList<object> Decide(Operation operation, RecordFinding command, SupersededFinding? earlier, DateTimeOffset now)
    {
        if (operation.Status == OperationStatus.Closed)
            throw new RuleRefused("operation-closed", "The operation is closed; reopen it before recording findings.");
        var recorded = new FindingRecorded(command.FindingId, command.OperationId, command.Kind, command.Summary, command.ArtefactIds,
            command.ToolRunIds, command.EvidentialValue, command.Supersedes, command.By, now);
        if (command.Supersedes is not { } supersedes) return [recorded];
        if (earlier is null || earlier.Id != supersedes || earlier.OperationId != command.OperationId)
            throw new RuleRefused("finding-unknown", "The finding to supersede is not a finding of this operation.");
        if (earlier.SupersededBy is { } later)
            throw new RuleRefused("finding-superseded", $"That finding was already superseded by {later}; correct the current one.");
        return [recorded, new FindingSuperseded(supersedes, command.OperationId, command.FindingId, command.By, now)];
    }
}
