using JasperFx.Events;
using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Reference;

namespace Toex.Cases.Projections.Operations;

/// <summary>One thing that happened to an operation, told for a person: who, when, what.</summary>
public sealed record TimelineEntry(
    long Version, DateTimeOffset At, Actor Actor, string Type, string Action,
    IReadOnlyDictionary<string, string> Details, string? CorrelationId);

public sealed class OperationTimeline
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public List<TimelineEntry> Entries { get; set; } = [];

    // Every operation event makes exactly one entry, so an entry's position is its stream version.
    // IEvent.Version is not used: with Marten's quick append mode an inline projection sees 0 there
    // for events appended without an expected version.
    internal void Add(IEvent e, Actor by, DateTimeOffset at, string action, params (string Key, string Value)[] details) =>
        Entries.Add(new TimelineEntry(Entries.Count + 1, at, by, e.EventTypeName, action,
            details.ToDictionary(d => d.Key, d => d.Value), e.CorrelationId));
}

public sealed partial class OperationTimelineProjection : SingleStreamProjection<OperationTimeline, Guid>
{
    public static OperationTimeline Create(IEvent<OperationTasked> e)
    {
        var d = e.Data;
        var timeline = new OperationTimeline { Id = d.OperationId };
        timeline.Add(e, d.By, d.At,
            $"Tasked TOEX with operation '{d.Name}' ({d.Priority} priority)",
            ("name", d.Name), ("force", d.Force), ("region", d.Region), ("priority", d.Priority.ToString()),
            ("threats", string.Join(", ", d.Threats)), ("summary", d.Summary));
        return timeline;
    }

    public static void Apply(IEvent<OperationAccepted> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At, "Accepted the operation for TOEX");

    public static void Apply(IEvent<AnalystAssigned> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At, $"Assigned analyst {e.Data.AnalystName}",
            ("analystId", e.Data.AnalystId), ("analystName", e.Data.AnalystName));

    public static void Apply(IEvent<OutcomeRecorded> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At, $"Recorded outcome: {Describe(e.Data.Kind, e.Data.Count)}",
            ("kind", e.Data.Kind.ToString()), ("count", e.Data.Count.ToString()), ("summary", e.Data.Summary));

    public static void Apply(IEvent<OperationShared> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At,
            $"Shared the operation with {Forces.Find(e.Data.With)?.Name ?? e.Data.With}",
            ("with", e.Data.With), ("reason", e.Data.Reason));

    public static void Apply(IEvent<OperationClosed> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At, "Closed the operation", ("reason", e.Data.Reason));

    public static void Apply(IEvent<OperationReopened> e, OperationTimeline view) =>
        view.Add(e, e.Data.By, e.Data.At, "Reopened the operation", ("reason", e.Data.Reason));

    private static string Describe(OutcomeKind kind, int count) => kind switch
    {
        OutcomeKind.Arrest => Plural(count, "arrest"),
        OutcomeKind.Charge => Plural(count, "charge"),
        OutcomeKind.SafeguardingReferral => Plural(count, "safeguarding referral"),
        OutcomeKind.VictimIdentified => Plural(count, "victim identified", "victims identified"),
        OutcomeKind.IntelligenceSubmission => Plural(count, "intelligence submission"),
        OutcomeKind.Disruption => Plural(count, "disruption"),
        _ => $"{count} × {kind}",
    };

    private static string Plural(int count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count} {many ?? one + "s"}";
}
