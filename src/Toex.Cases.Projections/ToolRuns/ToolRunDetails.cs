using System.Text.Json;
using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Projections.ToolRuns;

public sealed record Progress(long Done, long Total);

public sealed record MaterialSummary(Guid MaterialId, JsonElement Summary);

/// <summary>What a run was asked to do, where it stands, and what it produced, for people.</summary>
public sealed class ToolRunDetails
{
    /// <summary>Skipped rows kept with line numbers; beyond this only the count grows.</summary>
    public const int SkippedKept = 1000;

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid OperationId { get; set; }
    public Tool Tool { get; set; }
    public List<Guid> MaterialIds { get; set; } = [];
    public ToolParameters Parameters { get; set; } = new();
    public ToolRunStatus Status { get; set; }
    public Progress Progress { get; set; } = new(0, 0);
    public string? FailureReason { get; set; }
    public ToolRunMetrics Metrics { get; set; } = ToolRunMetrics.None;
    public List<SkippedItem> Skipped { get; set; } = [];
    public List<MaterialSummary> Summaries { get; set; } = [];
    public Actor RequestedBy { get; set; } = null!;
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Attempts { get; set; }
    public Actor? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    public Retraction? Retracted { get; set; }
}

/// <summary>Who withdrew a run's output, when and why; the artefacts stay on the record.</summary>
public sealed record Retraction(Actor By, DateTimeOffset At, string Reason);

public sealed partial class ToolRunDetailsProjection : SingleStreamProjection<ToolRunDetails, Guid>
{
    public static ToolRunDetails Create(ToolRunRequested e) => new()
    {
        Id = e.RunId, OperationId = e.OperationId, Tool = e.Tool, MaterialIds = [.. e.MaterialIds], Parameters = e.Parameters,
        Status = ToolRunStatus.Queued, RequestedBy = e.By, RequestedAt = e.At,
    };

    public static void Apply(ToolRunStarted e, ToolRunDetails view)
    {
        // A run that was cancelled while queued stays cancelled; the runner stops as soon as it looks.
        if (view.Status == ToolRunStatus.Cancelled) return;
        view.Status = ToolRunStatus.Running;
        view.StartedAt ??= e.At;
        view.Attempts = e.Attempt;
        view.Progress = view.Progress with { Total = e.Total };
    }

    public static void Apply(ToolRunProgressed e, ToolRunDetails view)
    {
        view.Progress = view.Progress with { Done = e.ItemsDone };
        view.Metrics = view.Metrics.Add(e.Batch);
        view.Skipped.AddRange(e.Skipped.Take(ToolRunDetails.SkippedKept - view.Skipped.Count));
    }

    public static void Apply(MaterialTriaged e, ToolRunDetails view)
    {
        view.Summaries.RemoveAll(s => s.MaterialId == e.MaterialId);
        view.Summaries.Add(new MaterialSummary(e.MaterialId, JsonDocument.Parse(e.SummaryJson).RootElement.Clone()));
    }

    public static void Apply(ToolRunCompleted e, ToolRunDetails view) => Finish(view, ToolRunStatus.Completed, e.At);

    public static void Apply(ToolRunFailed e, ToolRunDetails view)
    {
        Finish(view, ToolRunStatus.Failed, e.At);
        view.FailureReason = e.Reason;
    }

    public static void Apply(ToolRunCancelled e, ToolRunDetails view)
    {
        Finish(view, ToolRunStatus.Cancelled, e.At);
        view.CancelledBy = e.By;
        view.CancelReason = e.Reason;
    }

    public static void Apply(ToolRunRetracted e, ToolRunDetails view) => view.Retracted = new Retraction(e.By, e.At, e.Reason);

    private static void Finish(ToolRunDetails view, ToolRunStatus status, DateTimeOffset at)
    {
        view.Status = status;
        view.FinishedAt = at;
    }
}
