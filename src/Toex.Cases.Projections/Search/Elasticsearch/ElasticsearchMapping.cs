using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>
/// The index layout. Strict, so that a document of another shape is refused instead of growing
/// the mapping; no Elasticsearch analysis beyond splitting on spaces, because the words are
/// folded by <see cref="Toex.Cases.Domain.Search.SearchText"/> before they get here.
/// </summary>
internal static class ElasticsearchMapping
{
    /// <summary>Between the text, translation and label words, so that no phrase spans two of them.</summary>
    public const int FieldGap = 100;

    public static CreateIndexRequest CreateIndex(string index) => new(index)
    {
        Settings = new IndexSettings { NumberOfShards = 1 },
        Mappings = new TypeMapping
        {
            Dynamic = DynamicMapping.Strict,
            Properties = new Properties
            {
                { "id", new KeywordProperty() },
                { "kind", new KeywordProperty() },
                { "operationId", new KeywordProperty() },
                { "materialId", new KeywordProperty() },
                { "runId", new KeywordProperty() },
                { "force", new KeywordProperty() },
                { "region", new KeywordProperty() },
                { "language", new KeywordProperty() },
                { "at", new DateProperty() },
                { "position", new DoubleNumberProperty() },
                { "label", new KeywordProperty() },
                // Shown, never matched: matching goes through terms and compact.
                { "text", new TextProperty { Index = false } },
                { "translatedText", new TextProperty { Index = false } },
                { "terms", new TextProperty { Analyzer = "whitespace", PositionIncrementGap = FieldGap } },
                { "compact", new WildcardProperty() },
            },
        },
    };
}
