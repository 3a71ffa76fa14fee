using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class EmailTests
{
    [Theory]
    [InlineData("john.smith@example.com", "john.smith@example.com")]
    [InlineData("John.Smith@Example.CO.UK", "john.smith@example.co.uk")]
    [InlineData("j_smith+drops@mail-server.example.org", "j_smith+drops@mail-server.example.org")]
    [InlineData("  someone@example.io ", "someone@example.io")]
    [InlineData("447700900123@s.whatsapp.net", "447700900123@s.whatsapp.net")]
    public void a_valid_address_normalises_to_lower_case(string written, string expected)
    {
        Assert.True(Email.TryNormalise(written, out var email));
        Assert.Equal(expected, email);
    }

    [Theory]
    [InlineData("john@")]
    [InlineData("@example.com")]
    [InlineData("john@example")]
    [InlineData("john..smith@example.com")]
    [InlineData(".john@example.com")]
    [InlineData("john.@example.com")]
    [InlineData("john smith@example.com")]
    [InlineData("john@-example.com")]
    [InlineData("john@example.c")]
    public void a_malformed_address_is_refused(string written) =>
        Assert.False(Email.TryNormalise(written, out _));

    [Theory]
    [InlineData("mail me at Dealer.One@Example.com.", "dealer.one@example.com")]
    [InlineData("邮箱li.wei@example.cn，谢谢", "li.wei@example.cn")]
    [InlineData("<a.b@example.org>", "a.b@example.org")]
    public void an_address_is_found_in_running_text(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.Email, expected), entity);
    }
}
