using Marten.Events.Projections;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Projections.ToolRuns;

public enum ArtefactKind { Translation, TranscriptSegment, Entity }

/// <summary>
/// One unit of tool output, keyed by its source-derived id, so a rerun or a redelivery upserts the
/// same document rather than adding another. Fields are those of its kind; the rest are null.
/// </summary>
public sealed class Artefact
{
    public Guid Id { get; set; }
    public ArtefactKind Kind { get; set; }
    public Guid OperationId { get; set; }
    public Guid MaterialId { get; set; }
    public Guid ToolRunId { get; set; }
    /// <summary>Line number in the material, or for media the start offset in seconds.</summary>
    public double Position { get; set; }
    public DateTimeOffset ProducedAt { get; set; }

    public string? SourceLanguage { get; set; }
    public string? OriginalText { get; set; }
    public string? TranslatedText { get; set; }
    public int? Characters { get; set; }
    public string? Timestamp { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }

    public double? Start { get; set; }
    public double? End { get; set; }
    public string? Text { get; set; }
    public string? Language { get; set; }

    public string? EntityType { get; set; }
    public string? Value { get; set; }
}

/// <summary>Asynchronous: artefacts arrive by the hundred thousand, and their list need not be read in the same transaction.</summary>
public sealed partial class ArtefactProjection : EventProjection
{
    public static Artefact Create(TranslationProduced e) => new()
    {
        Id = e.ArtefactId, Kind = ArtefactKind.Translation, OperationId = e.OperationId, MaterialId = e.MaterialId,
        ToolRunId = e.RunId, Position = e.Line, ProducedAt = e.At, SourceLanguage = e.SourceLanguage,
        OriginalText = e.OriginalText, TranslatedText = e.TranslatedText, Characters = e.Characters,
        Timestamp = e.Timestamp, From = e.From, To = e.To,
    };

    public static Artefact Create(EntityExtracted e) => new()
    {
        Id = e.ArtefactId, Kind = ArtefactKind.Entity, OperationId = e.OperationId, MaterialId = e.MaterialId,
        ToolRunId = e.RunId, Position = e.Line, ProducedAt = e.At, EntityType = e.EntityType, Value = e.Value,
    };

    public static Artefact Create(TranscriptSegmentProduced e) => new()
    {
        Id = e.ArtefactId, Kind = ArtefactKind.TranscriptSegment, OperationId = e.OperationId, MaterialId = e.MaterialId,
        ToolRunId = e.RunId, Position = e.Start, ProducedAt = e.At, Start = e.Start, End = e.End, Text = e.Text,
        Language = e.Language,
    };
}
