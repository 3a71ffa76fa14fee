using Marten.Events.Aggregation;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Projections.Operations;

/// <summary>
/// Registers the Domain's <see cref="Operation"/> write model with Marten as a live aggregation.
/// Marten 9 dispatches Create/Apply through a compile-time source generator that runs only in
/// projects referencing Marten; the Domain project references nothing, so the methods are
/// forwarded from here (docs/adr/0001-stream-design.md).
/// </summary>
public sealed partial class OperationWriteModel : SingleStreamProjection<Operation, Guid>
{
    public static Operation Create(OperationTasked e) => Operation.Create(e);
    public static Operation Apply(OperationAccepted e, Operation current) => Operation.Apply(e, current);
    public static Operation Apply(AnalystAssigned e, Operation current) => Operation.Apply(e, current);
    public static Operation Apply(OutcomeRecorded e, Operation current) => Operation.Apply(e, current);
    public static Operation Apply(OperationShared e, Operation current) => Operation.Apply(e, current);
    public static Operation Apply(OperationClosed e, Operation current) => Operation.Apply(e, current);
    public static Operation Apply(OperationReopened e, Operation current) => Operation.Apply(e, current);
}
