using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class UkPostcodeTests
{
    [Theory]
    [InlineData("SW1A 1AA", "SW1A1AA")]
    [InlineData("M1 1AE", "M11AE")]
    [InlineData("B33 8TH", "B338TH")]
    [InlineData("CR2 6XH", "CR26XH")]
    [InlineData("DN55 1PT", "DN551PT")]
    [InlineData("GIR 0AA", "GIR0AA")]
    [InlineData("W1A 0AX", "W1A0AX")]
    [InlineData("EC1A 1BB", "EC1A1BB")]
    [InlineData("sw1a 1aa", "SW1A1AA")]
    [InlineData("SW1A1AA", "SW1A1AA")]
    [InlineData(" NR1 3AA ", "NR13AA")]
    public void a_valid_postcode_normalises_to_upper_case_without_the_space(string written, string expected)
    {
        Assert.True(UkPostcode.TryNormalise(written, out var postcode));
        Assert.Equal(expected, postcode);
    }

    [Theory]
    [InlineData("Q1 1AA")]      // Q never starts a postcode
    [InlineData("SW1A1AAA")]    // one letter too many
    [InlineData("SW1A 1A")]
    [InlineData("AI1 1AA")]     // I never second
    [InlineData("M1 1CA")]      // C never in the inward code
    [InlineData("W1I 1AA")]     // A9A: I is not among the third letters
    [InlineData("SW1 A1AA")]    // the space in the wrong place
    [InlineData("SW1A  1AA")]   // two spaces
    [InlineData("12345")]
    [InlineData("")]
    public void a_string_outside_the_royal_mail_formats_is_refused(string written)
    {
        Assert.False(UkPostcode.TryNormalise(written, out _));
    }

    [Theory]
    [InlineData("Deliver to SW1A 1AA by 6", "SW1A1AA")]
    [InlineData("地址：M1 1AE，曼彻斯特", "M11AE")]
    [InlineData("meet at b33 8th", "B338TH")]
    public void a_postcode_is_found_in_running_text(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.Postcode, expected), entity);
    }

    [Theory]
    [InlineData("ref SW1A1AAA")]
    [InlineData("Q1 1AA")]
    [InlineData("at 10 pm")]
    public void no_postcode_is_found_where_none_is_written(string text) =>
        Assert.Empty(EntityExtractor.Extract(text, KeywordSet.Empty));
}
