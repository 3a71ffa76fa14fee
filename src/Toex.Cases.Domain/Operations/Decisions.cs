using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Reference;

namespace Toex.Cases.Domain.Operations;

// Commands carry the stream id and, for an existing stream, the version the caller last saw.
// Decisions are pure: (current, command, now) -> events, or RuleRefused.

public sealed record TaskOperation(
    Guid OperationId, string Name, IReadOnlyList<ThreatCategory> Threats, Priority Priority, string Summary, Actor By) : IActorCommand;

public sealed record AcceptOperation(Guid OperationId, int Version, Actor By) : IActorCommand;

public sealed record AssignAnalyst(Guid OperationId, int Version, string AnalystId, string AnalystName, Actor By) : IActorCommand;

public sealed record RecordOutcome(
    Guid OperationId, int Version, Guid OutcomeId, OutcomeKind Kind, string Summary, int Count, Actor By) : IActorCommand;

public sealed record ShareOperation(Guid OperationId, int Version, string With, string Reason, Actor By) : IActorCommand;

public sealed record CloseOperation(Guid OperationId, int Version, string Reason, Actor By) : IActorCommand;

public sealed record ReopenOperation(Guid OperationId, int Version, string Reason, Actor By) : IActorCommand;

public static class OperationDecisions
{
    public static OperationTasked Decide(TaskOperation command, DateTimeOffset now)
    {
        var force = Forces.Find(command.By.Force);
        if (force is not { Kind: OrganisationKind.PoliceForce, Region: not null })
            throw new RuleRefused("tasking-force", $"Only a police force can task TOEX; '{command.By.Force}' is not one.");
        if (command.Threats.Count == 0)
            throw new RuleRefused("threats-required", "An operation needs at least one threat category.");

        return new OperationTasked(command.OperationId, command.Name, force.Id, force.Region,
            command.Threats.Distinct().ToArray(), command.Priority, command.Summary, command.By, now);
    }

    public static OperationAccepted Decide(Operation current, AcceptOperation command, DateTimeOffset now)
    {
        RefuseIfClosed(current);
        if (current.Status == OperationStatus.Accepted)
            throw new RuleRefused("already-accepted", "The operation has already been accepted.");
        return new OperationAccepted(current.Id, command.By, now);
    }

    public static AnalystAssigned Decide(Operation current, AssignAnalyst command, DateTimeOffset now)
    {
        RefuseIfClosed(current);
        if (current.Status != OperationStatus.Accepted)
            throw new RuleRefused("not-accepted", "Accept the operation before assigning analysts.");
        if (current.Analysts.Contains(command.AnalystId))
            throw new RuleRefused("already-assigned", $"{command.AnalystId} is already assigned.");
        return new AnalystAssigned(current.Id, command.AnalystId, command.AnalystName, command.By, now);
    }

    public static OutcomeRecorded Decide(Operation current, RecordOutcome command, DateTimeOffset now)
    {
        RefuseIfClosed(current);
        if (command.Count < 1)
            throw new RuleRefused("outcome-count", "An outcome counts at least one.");
        return new OutcomeRecorded(current.Id, command.OutcomeId, command.Kind, command.Summary, command.Count, command.By, now);
    }

    public static OperationShared Decide(Operation current, ShareOperation command, DateTimeOffset now)
    {
        RefuseIfClosed(current);
        var with = Forces.Find(command.With);
        if (with is null or { Kind: OrganisationKind.Toex })
            throw new RuleRefused("share-target", $"'{command.With}' is not a force or agency an operation can be shared with.");
        if (with.Id == current.Force)
            throw new RuleRefused("share-owner", "The owning force already sees its operation.");
        if (current.SharedWith.Contains(with.Id))
            throw new RuleRefused("already-shared", $"The operation is already shared with {with.Id}.");
        return new OperationShared(current.Id, with.Id, command.Reason, command.By, now);
    }

    public static OperationClosed Decide(Operation current, CloseOperation command, DateTimeOffset now)
    {
        RefuseIfClosed(current);
        if (command.By.Force != current.Force && command.By.Force != Forces.Toex)
            throw new RuleRefused("close-owner", "Only the owning force or TOEX can close an operation.");
        return new OperationClosed(current.Id, command.Reason, command.By, now);
    }

    public static OperationReopened Decide(Operation current, ReopenOperation command, DateTimeOffset now)
    {
        if (current.Status != OperationStatus.Closed)
            throw new RuleRefused("not-closed", "Only a closed operation can be reopened.");
        if (command.By.Force != current.Force && command.By.Force != Forces.Toex)
            throw new RuleRefused("reopen-owner", "Only the owning force or TOEX can reopen an operation.");
        return new OperationReopened(current.Id, command.Reason, command.By, now);
    }

    private static void RefuseIfClosed(Operation current)
    {
        if (current.Status == OperationStatus.Closed)
            throw new RuleRefused("operation-closed", "The operation is closed; reopen it first.");
    }
}
