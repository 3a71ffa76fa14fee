using System.Text.Json.Serialization;
using Toex.Cases.Domain.Search;

namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>
/// A <see cref="SearchDocument"/> as stored in Elasticsearch. <see cref="Terms"/> and
/// <see cref="Compact"/> are what is matched: the folded words of <see cref="SearchText"/> (so both
/// engines match alike, whatever Elasticsearch's own analyzers would do), one array element per
/// field so that a phrase never runs from the text into the translation or the label.
/// </summary>
internal sealed class ElasticsearchDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("operationId")] public required string OperationId { get; init; }
    [JsonPropertyName("materialId")] public string? MaterialId { get; init; }
    [JsonPropertyName("runId")] public string? RunId { get; init; }
    [JsonPropertyName("force")] public required string Force { get; init; }
    [JsonPropertyName("region")] public required string Region { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("position")] public double? Position { get; init; }
    [JsonPropertyName("label")] public string? Label { get; init; }
    [JsonPropertyName("text")] public required string Text { get; init; }
    [JsonPropertyName("translatedText")] public string? TranslatedText { get; init; }
    [JsonPropertyName("terms")] public IReadOnlyList<string>? Terms { get; init; }
    [JsonPropertyName("compact")] public IReadOnlyList<string>? Compact { get; init; }

    public static ElasticsearchDocument From(SearchDocument d) => new()
    {
        Id = d.Id.ToString(),
        Kind = d.Kind.ToString(),
        OperationId = d.OperationId.ToString(),
        MaterialId = d.MaterialId?.ToString(),
        RunId = d.RunId?.ToString(),
        Force = d.Force,
        Region = d.Region,
        Language = d.Language,
        At = d.At,
        Position = d.Position,
        Label = d.Label,
        Text = d.Text,
        TranslatedText = d.TranslatedText,
        Terms = [Words(d.Text), Words(d.TranslatedText), Words(d.Label)],
        Compact = [SearchMatch.Compact(d.Text), SearchMatch.Compact(d.TranslatedText), SearchMatch.Compact(d.Label)],
    };

    /// <summary>Roughly what the document weighs in a bulk body: its texts appear three times (as given, as terms, compacted).</summary>
    public int EstimatedBytes() =>
        256 + 3 * (System.Text.Encoding.UTF8.GetByteCount(Text)
                   + System.Text.Encoding.UTF8.GetByteCount(TranslatedText ?? "")
                   + System.Text.Encoding.UTF8.GetByteCount(Label ?? ""));

    public SearchHit ToHit(double score) => new(
        Guid.Parse(Id), Enum.Parse<SearchKind>(Kind), Guid.Parse(OperationId), ParseGuid(MaterialId), Text, TranslatedText,
        Language, At, score, ParseGuid(RunId), Position, Label);

    private static string Words(string? text) => string.Join(' ', SearchText.Words(text));

    private static Guid? ParseGuid(string? value) => value is null ? null : Guid.Parse(value);
}
