using Toex.Cases.Domain.Search;

namespace Toex.Cases.Domain.Tests.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Café CRÈME", "cafe creme")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ёлка в Москве", "елка в москве")]
    [InlineData("مَرْحَبًا", "مرحبا")]
    [InlineData("لنـــدن", "لندن")]
    [InlineData("e-mail: a.b@x.com", "e mail a b x com")]
    [InlineData("０７７００", "07700")]
    [InlineData("Meet AT 10PM, Bring CASH", "meet at 10pm bring cash")]
    [InlineData("   ", "")]
    public void words_are_folded_for_case_accents_and_width(string text, string words) =>
        Assert.Equal(words, string.Join(' ', SearchText.Words(text)));

    [Theory]
    [InlineData("我们明天", "我们 们明 明天")]
    [InlineData("東京で", "東京 京で")]
    [InlineData("好", "好")]
    [InlineData("hello 伦敦 world", "hello 伦敦 world")]
    [InlineData("พรุ่งนี้", "พรุ่ รุ่ง งนี้")]
    public void unspaced_scripts_are_indexed_as_overlapping_pairs_of_characters(string text, string words) =>
        Assert.Equal(words, string.Join(' ', SearchText.Words(text)));

    [Fact]
    public void each_word_knows_where_it_came_from_in_the_original()
    {
        var tokens = SearchText.Analyze("Hi, CAFÉ!");
        Assert.Equal([new SearchToken("hi", 0, 2), new SearchToken("cafe", 4, 4)], tokens);
    }

    [Fact]
    public void a_very_long_run_is_cut_to_the_longest_word_indexed()
    {
        Assert.Equal(SearchText.MaxTokenLength, SearchText.Words(new string('a', 500)).Single().Length);
        Assert.Equal(new string('e', SearchText.MaxTokenLength), SearchText.Words(string.Concat(Enumerable.Repeat("É", 500))).Single());
    }

    [Theory]
    [InlineData("ÉTÉ été Été étés", "ete ete ete etes")]
    [InlineData("Кафе кафе КАФЕ Кафешка", "кафе кафе кафе кафешка")]
    [InlineData("été, ÉTÉ, Straße STRASSE straße", "ete ete strasse strasse strasse")]
    public void a_word_met_again_folds_as_it_did_the_first_time_whatever_it_stands_beside(string text, string words)
    {
        // Folds of words outside ASCII are remembered (keyed by the word alone, not the text around it).
        Assert.Equal(words, string.Join(' ', SearchText.Words(text)));
        Assert.Equal(words, string.Join(' ', SearchText.Words(text)));
        Assert.Equal(words.Split(' ')[^1], SearchText.Words(text.Split(' ')[^1]).Single());
    }
}

public sealed class SearchMatchTests
{
    private static SearchMatch Match(string q) => SearchMatch.From(SearchQuery.Parse(q));

    [Fact]
    public void a_word_with_separators_becomes_a_sequence_and_a_phrase_one_longer_sequence()
    {
        Assert.Equal(["e", "mail"], ((SearchMatch.Sequence)Match("e-mail")).Words);
        Assert.Equal(["new", "girls", "伦敦"], ((SearchMatch.Sequence)Match("\"New GIRLS 伦敦\"")).Words);
    }

    [Fact]
    public void a_prefix_applies_to_the_last_word_and_one_unspaced_character_is_a_prefix()
    {
        var prefix = (SearchMatch.Sequence)Match("crypt*");
        Assert.True(prefix.Prefix);
        Assert.Null(prefix.Identifier);
        Assert.True(((SearchMatch.Sequence)Match("王")).Prefix);
        Assert.False(((SearchMatch.Sequence)Match("王明")).Prefix);
    }

    [Theory]
    [InlineData("07700900123", "07700900123")]
    [InlineData("+447700900123", "447700900123")]
    [InlineData("GB29NWBK60161331926819", "gb29nwbk60161331926819")]
    [InlineData("AB12CDE", null)]
    [InlineData("12345", null)]
    [InlineData("cash", null)]
    public void identifier_like_words_also_match_inside_compacted_text(string q, string? identifier) =>
        Assert.Equal(identifier, ((SearchMatch.Sequence)Match(q)).Identifier);

    [Fact]
    public void a_uk_phone_number_is_looked_for_in_both_its_forms()
    {
        Assert.Equal(["07700900123", "447700900123"], SearchMatch.IdentifierForms("07700900123"));
        Assert.Equal(["447700900123", "07700900123"], SearchMatch.IdentifierForms("447700900123"));
        Assert.Equal(["123456"], SearchMatch.IdentifierForms("123456"));
    }

    [Fact]
    public void words_without_letters_or_digits_are_dropped_and_a_query_of_nothing_else_is_refused()
    {
        Assert.Equal(["cash"], ((SearchMatch.Sequence)Match("cash $$")).Words);
        Assert.Throws<SearchQueryException>(() => Match("$$ ££"));
        Assert.Throws<SearchQueryException>(() => Match("$$ -cash"));
    }

    [Fact]
    public void the_compacted_text_joins_folded_words_without_separators() =>
        Assert.Equal("call07700900123", SearchMatch.Compact("Call 07700 900-123"));
}

public sealed class SearchHighlighterTests
{
    private static IReadOnlyList<string> Highlight(string text, string q) =>
        SearchHighlighter.Highlight(text, SearchMatch.From(SearchQuery.Parse(q)));

    [Fact]
    public void matched_words_are_marked_in_the_original_text_as_written()
    {
        Assert.Equal(["Meet at the <em>Café</em> with the <em>cash</em>"], Highlight("Meet at the Café with the cash", "cafe OR cash"));
        Assert.Equal(["the <em>new girls</em> are new"], Highlight("the new girls are new", "\"new girls\""));
        Assert.Equal(["send <em>cryptocurrency</em>"], Highlight("send cryptocurrency", "crypto*"));
        Assert.Equal(["我们明天在<em>伦敦</em>见面"], Highlight("我们明天在伦敦见面", "伦敦"));
    }

    [Fact]
    public void excluded_words_are_not_marked_and_text_is_html_escaped()
    {
        Assert.Equal(["<em>cash</em> &lt;b&gt;police&lt;/b&gt;"], Highlight("cash <b>police</b>", "cash -police"));
    }

    [Fact]
    public void an_identifier_marks_the_words_it_spans()
    {
        Assert.Equal(["call <em>07700 900 123</em> now"], Highlight("call 07700 900 123 now", "07700900123"));
        Assert.Equal(["+<em>447700900123</em>"], Highlight("+447700900123", "07700900123"));
    }

    [Fact]
    public void long_text_gives_fragments_around_the_matches()
    {
        var text = new string('x', 100) + " cash " + new string('y', 300) + " cash " + new string('z', 100);
        var fragments = Highlight(text, "cash");
        Assert.Equal(2, fragments.Count);
        Assert.All(fragments, f => Assert.Contains("<em>cash</em>", f));
        Assert.All(fragments, f => Assert.StartsWith("…", f));
    }

    [Fact]
    public void nothing_matched_gives_no_fragments() => Assert.Empty(Highlight("nothing here", "cash"));
}
