using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.ToolRuns;

// The run stream: requested by a person, then executed by the tool runner on their behalf.

public sealed record ToolRunRequested(
    Guid RunId, Guid OperationId, Tool Tool, IReadOnlyList<Guid> MaterialIds, ToolParameters Parameters, Actor By, DateTimeOffset At);

public sealed record ToolRunStarted(Guid RunId, Guid OperationId, int Attempt, long Total, Actor By, DateTimeOffset At);

/// <summary>A batch was done: artefacts appended in the same transaction; <c>Done</c> is the material's last position processed.</summary>
public sealed record ToolRunProgressed(
    Guid RunId, Guid OperationId, Guid MaterialId, int Done, long ItemsDone, ToolRunMetrics Batch, IReadOnlyList<SkippedItem> Skipped,
    Actor By, DateTimeOffset At);

public sealed record ToolRunCompleted(Guid RunId, Guid OperationId, ToolRunMetrics Metrics, Actor By, DateTimeOffset At);

public sealed record ToolRunFailed(Guid RunId, Guid OperationId, string Reason, Actor By, DateTimeOffset At);

public sealed record ToolRunCancelled(Guid RunId, Guid OperationId, string? Reason, Actor By, DateTimeOffset At);

/// <summary>
/// A finished run's output was withdrawn (wrong exhibit, wrong parameters, a provider later found at
/// fault): its artefacts stay on the record, marked, and leave the search views.
/// </summary>
public sealed record ToolRunRetracted(Guid RunId, Guid OperationId, string Reason, Actor By, DateTimeOffset At);

// Artefacts: one unit of output each, addressable by a stable id derived from its source.

public sealed record TranslationProduced(
    Guid ArtefactId, Guid RunId, Guid OperationId, Guid MaterialId, int Line,
    string SourceLanguage, string OriginalText, string TranslatedText, int Characters,
    string? Timestamp, string? From, string? To, DateTimeOffset At);

public sealed record EntityExtracted(
    Guid ArtefactId, Guid RunId, Guid OperationId, Guid MaterialId, int Line, string EntityType, string Value, DateTimeOffset At);

public sealed record TranscriptSegmentProduced(
    Guid ArtefactId, Guid RunId, Guid OperationId, Guid MaterialId, double Start, double End, string Text, string Language,
    DateTimeOffset At);

/// <summary>Triage's per-material summary (counts, top contacts, keyword hits, evidential-value flag), as JSON.</summary>
public sealed record MaterialTriaged(Guid RunId, Guid OperationId, Guid MaterialId, string SummaryJson, Actor By, DateTimeOffset At);
