using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Operations;

// Every event names its stream, carries its facts, who did it and when. Events are never
// changed once stored: a correction is a new event.

public sealed record OperationTasked(
    Guid OperationId, string Name, string Force, string Region, IReadOnlyList<ThreatCategory> Threats,
    Priority Priority, string Summary, Actor By, DateTimeOffset At);

public sealed record OperationAccepted(Guid OperationId, Actor By, DateTimeOffset At);

public sealed record AnalystAssigned(Guid OperationId, string AnalystId, string AnalystName, Actor By, DateTimeOffset At);

public sealed record OutcomeRecorded(
    Guid OperationId, Guid OutcomeId, OutcomeKind Kind, string Summary, int Count, Actor By, DateTimeOffset At);

public sealed record OperationShared(Guid OperationId, string With, string Reason, Actor By, DateTimeOffset At);

public sealed record OperationClosed(Guid OperationId, string Reason, Actor By, DateTimeOffset At);

public sealed record OperationReopened(Guid OperationId, string Reason, Actor By, DateTimeOffset At);
