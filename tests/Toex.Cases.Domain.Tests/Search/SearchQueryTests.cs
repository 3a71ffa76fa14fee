using Toex.Cases.Domain.Search;

namespace Toex.Cases.Domain.Tests.Search;

public sealed class SearchQueryTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "cash", "cash" },
        { "Cash money", "(Cash AND money)" },
        { "cash AND money", "(cash AND money)" },
        { "cash && money", "(cash AND money)" },
        { "cash OR crypto", "(cash OR crypto)" },
        { "cash || crypto", "(cash OR crypto)" },
        { "a b OR c", "((a AND b) OR c)" },
        { "a OR b c", "(a OR (b AND c))" },
        { "a AND (b OR c)", "(a AND (b OR c))" },
        { "cash NOT test", "(cash AND NOT test)" },
        { "cash -test", "(cash AND NOT test)" },
        { "-test cash", "(NOT test AND cash)" },
        { "e-mail", "e-mail" },
        { "crypt*", "crypt*" },
        { "\"new girls\"", "\"new girls\"" },
        { "“new  girls”", "\"new girls\"" },
        { "\"cash\"", "cash" },
        { "\"new girls\" AND (cash OR crypt*) NOT test", "(\"new girls\" AND (cash OR crypt*) AND NOT test)" },
        { "and or not", "(and AND or AND not)" },
        { "送金 現金", "(送金 AND 現金)" },
        { "деньги OR نقود", "(деньги OR نقود)" },
        { "cash NOT (test OR demo)", "(cash AND NOT (test OR demo))" },
        { "((cash))", "cash" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void a_query_parses_to_its_tree(string text, string tree) => Assert.Equal(tree, SearchQuery.Parse(text).ToString());

    public static TheoryData<string, string, int> Malformed => new()
    {
        { "", "empty", 0 },
        { "   ", "empty", 0 },
        { "\"new girls", "not closed", 0 },
        { "cash \"\"", "empty", 5 },
        { "(cash OR", "ends where a word was expected", 8 },
        { "(cash", "'(' is not closed", 0 },
        { "cash)", "')' has no matching '('", 4 },
        { "()", "Empty parentheses", 0 },
        { "AND cash", "'AND' where a word was expected", 0 },
        { "cash OR", "ends where a word was expected", 7 },
        { "cash AND OR money", "'OR' where a word was expected", 9 },
        { "NOT cash", "only excludes", 0 },
        { "-cash -test", "only excludes", 0 },
        { "cash OR NOT test", "only excludes", 0 },
        { "c*", "at least 2 characters", 0 },
        { "*", "at least 2 characters", 0 },
        { "ca*sh", "at the end of a word", 0 },
        { "cash NOT", "ends where a word was expected", 8 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void a_malformed_query_says_what_is_wrong_and_where(string text, string message, int position)
    {
        var error = Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(text));
        Assert.Contains(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void a_query_too_long_or_with_too_many_words_is_refused()
    {
        Assert.Contains("longer than", Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1))).Message);
        var words = string.Join(' ', Enumerable.Range(0, SearchQuery.MaxWords + 1).Select(i => $"w{i}"));
        Assert.Contains("more than", Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(words)).Message);
    }

    [Fact]
    public void highlighting_uses_the_words_looked_for_not_those_excluded()
    {
        var query = SearchQuery.Parse("\"new girls\" OR crypt* NOT test");
        Assert.Equal(["new", "girls", "crypt"], query.PositiveWords());
    }
}
