using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class UrlTests
{
    [Theory]
    [InlineData("https://example.com/path?q=1", "https://example.com/path?q=1")]
    [InlineData("http://example.com", "http://example.com")]
    [InlineData("HTTPS://Example.com/Case", "HTTPS://Example.com/Case")]
    [InlineData("www.example.co.uk/page.", "www.example.co.uk/page")]
    [InlineData("https://example.com/a,", "https://example.com/a")]
    [InlineData("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("https://example.com/x)", "https://example.com/x")]
    [InlineData("https://t.me/joinchat/AbCdEf!", "https://t.me/joinchat/AbCdEf")]
    public void an_address_is_kept_as_found_without_trailing_punctuation(string written, string expected)
    {
        Assert.True(Url.TryNormalise(written, out var url));
        Assert.Equal(expected, url);
    }

    [Theory]
    [InlineData("http://")]
    [InlineData("https://.")]
    [InlineData("www.")]
    [InlineData("www.example")]
    [InlineData("ftp://example.com")]
    [InlineData("example.com")]
    public void something_that_is_not_a_web_address_is_refused(string written) =>
        Assert.False(Url.TryNormalise(written, out _));

    [Theory]
    [InlineData("see (https://en.wikipedia.org/wiki/Foo_(bar)) for more", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("看这个https://example.cn/a/b。谢谢", "https://example.cn/a/b")]
    [InlineData("link: \"https://example.com/q?a=1&b=2\"", "https://example.com/q?a=1&b=2")]
    [InlineData("go to www.example.com, then ring", "www.example.com")]
    [InlineData("meet at https://maps.example.com/?q=SW1A+1AA now", "https://maps.example.com/?q=SW1A+1AA")]
    [InlineData("https://example.com/contact?email=a@b.com", "https://example.com/contact?email=a@b.com")]
    public void an_address_is_found_in_running_text_and_holds_what_is_inside_it(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.Url, expected), entity);
    }

    [Fact]
    public void a_word_ending_in_www_does_not_start_an_address() =>
        Assert.Empty(EntityExtractor.Extract("awwww.so cute", KeywordSet.Empty));
}
