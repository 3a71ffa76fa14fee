using System.Collections.Immutable;

namespace Toex.Cases.Domain.Operations;

/// <summary>
/// The write model: only what the decisions need. Marten rebuilds it from the stream
/// (live aggregation) for every command; the read model is <c>OperationDetails</c>.
/// </summary>
public sealed record Operation(
    Guid Id, string Force, string Region, OperationStatus Status, bool EverAccepted,
    ImmutableHashSet<string> Analysts, ImmutableHashSet<string> SharedWith)
{
    public static Operation Create(OperationTasked e) =>
        new(e.OperationId, e.Force, e.Region, OperationStatus.Tasked, false, [], []);

    public static Operation Apply(OperationAccepted _, Operation current) => current with { Status = OperationStatus.Accepted, EverAccepted = true };

    public static Operation Apply(AnalystAssigned e, Operation current) =>
        current with { Analysts = current.Analysts.Add(e.AnalystId) };

    public static Operation Apply(OutcomeRecorded _, Operation current) => current;

    public static Operation Apply(OperationShared e, Operation current) =>
        current with { SharedWith = current.SharedWith.Add(e.With) };

    public static Operation Apply(OperationClosed _, Operation current) => current with { Status = OperationStatus.Closed };

    // Reopening returns the operation to where it stood before it was closed.
    public static Operation Apply(OperationReopened _, Operation current) =>
        current with { Status = current.EverAccepted ? OperationStatus.Accepted : OperationStatus.Tasked };
}
