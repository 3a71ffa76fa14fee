using JasperFx.Events;
using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Projections.Operations;

public sealed record OutcomeView(Guid Id, OutcomeKind Kind, string Summary, int Count, Actor RecordedBy, DateTimeOffset RecordedAt);

public sealed record ShareView(string With, string Reason, Actor SharedBy, DateTimeOffset SharedAt);

public sealed record AnalystView(string Id, string Name, Actor AssignedBy, DateTimeOffset AssignedAt);

/// <summary>The read model of one operation, kept in step with its stream inside the same transaction.</summary>
public sealed class OperationDetails
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Force { get; set; } = "";
    public string Region { get; set; } = "";
    public OperationStatus Status { get; set; }
    public List<ThreatCategory> Threats { get; set; } = [];
    public Priority Priority { get; set; }
    public string Summary { get; set; } = "";
    public List<OutcomeView> Outcomes { get; set; } = [];
    public List<string> SharedWith { get; set; } = [];
    public List<ShareView> Shares { get; set; } = [];
    public List<AnalystView> Analysts { get; set; } = [];
    public Actor TaskedBy { get; set; } = null!;
    public DateTimeOffset TaskedAt { get; set; }
    public Actor? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Actor? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedReason { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
}

public sealed partial class OperationDetailsProjection : SingleStreamProjection<OperationDetails, Guid>
{
    public static OperationDetails Create(OperationTasked e) => new()
    {
        Id = e.OperationId, Name = e.Name, Force = e.Force, Region = e.Region, Status = OperationStatus.Tasked,
        Threats = [.. e.Threats], Priority = e.Priority, Summary = e.Summary, TaskedBy = e.By, TaskedAt = e.At,
        LastChangedAt = e.At,
    };

    public static void Apply(OperationAccepted e, OperationDetails view)
    {
        view.Status = OperationStatus.Accepted;
        view.AcceptedBy = e.By;
        view.AcceptedAt = e.At;
        view.LastChangedAt = e.At;
    }

    public static void Apply(AnalystAssigned e, OperationDetails view)
    {
        view.Analysts.Add(new AnalystView(e.AnalystId, e.AnalystName, e.By, e.At));
        view.LastChangedAt = e.At;
    }

    public static void Apply(OutcomeRecorded e, OperationDetails view)
    {
        view.Outcomes.Add(new OutcomeView(e.OutcomeId, e.Kind, e.Summary, e.Count, e.By, e.At));
        view.LastChangedAt = e.At;
    }

    public static void Apply(OperationShared e, OperationDetails view)
    {
        view.SharedWith.Add(e.With);
        view.Shares.Add(new ShareView(e.With, e.Reason, e.By, e.At));
        view.LastChangedAt = e.At;
    }

    public static void Apply(OperationClosed e, OperationDetails view)
    {
        view.Status = OperationStatus.Closed;
        view.ClosedBy = e.By;
        view.ClosedAt = e.At;
        view.ClosedReason = e.Reason;
        view.LastChangedAt = e.At;
    }

    public static void Apply(OperationReopened e, OperationDetails view)
    {
        view.Status = view.AcceptedAt is null ? OperationStatus.Tasked : OperationStatus.Accepted;
        view.ClosedBy = null;
        view.ClosedAt = null;
        view.ClosedReason = null;
        view.LastChangedAt = e.At;
    }
}
