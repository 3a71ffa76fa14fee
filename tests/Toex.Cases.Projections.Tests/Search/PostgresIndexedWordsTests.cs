using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>What the PostgreSQL engine's writer keeps of a document's words, each field analysed once.</summary>
public sealed class PostgresIndexedWordsTests
{
    private static SearchDocument Document(string text, string? translated, string? label) => new(
        Guid.NewGuid(), SearchKind.Translation, Guid.NewGuid(), null, "norfolk", "eastern", text, translated, "ru",
        DateTimeOffset.UnixEpoch, Label: label);

    [Theory]
    [InlineData("Позвони 07700 900-123", "Call 07700 900-123", "Contact: Dmitri")]
    [InlineData("Деньги", null, null)]
    [InlineData("", "Cash at the café", "")]
    [InlineData("我们明天 ready", "We Ready tomorrow", "Label")]
    public void the_compact_text_is_each_field_compacted_with_a_space_between_fields(string text, string? translated, string? label) =>
        Assert.Equal(SearchMatch.Compact(text) + " " + SearchMatch.Compact(translated) + " " + SearchMatch.Compact(label),
            PostgresSearchEngine.WordsOf(Document(text, translated, label)).Compact);

    [Fact]
    public void terms_number_every_word_across_fields_and_pairs_hold_neighbours_within_a_field()
    {
        var words = PostgresSearchEngine.WordsOf(Document("Где деньги", "Where money", null));
        Assert.Equal("'где':1 'деньги':2 'where':103 'money':104", words.Terms);
        Assert.Equal("'где деньги' 'where money'", words.Pairs);
    }
}
