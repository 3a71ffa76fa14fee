using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class IbanTests
{
    [Theory]
    [InlineData("GB82WEST12345698765432", "GB82WEST12345698765432")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432")]
    [InlineData("gb82west12345698765432", "GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000", "DE89370400440532013000")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300", "NL91ABNA0417164300")]
    [InlineData("BE68539007547034", "BE68539007547034")]
    [InlineData("NO9386011117947", "NO9386011117947")]
    [InlineData("CH9300762011623852957", "CH9300762011623852957")]
    public void a_valid_iban_normalises_to_upper_case_without_spaces(string written, string expected)
    {
        Assert.True(Iban.TryNormalise(written, out var iban));
        Assert.Equal(expected, iban);
    }

    [Theory]
    [InlineData("GB83WEST12345698765432")]   // wrong check digits
    [InlineData("GB82WEST12345698765433")]   // a changed digit
    [InlineData("GB82WEST1234569876543")]    // one short for GB (22)
    [InlineData("GB82WEST123456987654321")]  // one long for GB
    [InlineData("DE89370400440532013001")]
    [InlineData("GB82-WEST-1234-5698-7654-32")]
    [InlineData("8282WEST12345698765432")]
    [InlineData("GB82")]
    public void an_iban_failing_its_checks_is_refused(string written) =>
        Assert.False(Iban.TryNormalise(written, out _));

    [Fact]
    public void the_length_is_checked_for_common_countries() =>
        Assert.Equal(22, Iban.Lengths["GB"]);

    [Theory]
    [InlineData("IBAN: GB82 WEST 1234 5698 7654 32 thanks", "GB82WEST12345698765432")]
    [InlineData("IBAN GB82WEST12345698765432.", "GB82WEST12345698765432")]
    [InlineData("请转到DE89370400440532013000谢谢", "DE89370400440532013000")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606 then call", "FR1420041010050500013M02606")]
    public void an_iban_is_found_in_running_text_without_the_words_after_it(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.Iban, expected), entity);
    }

    [Fact]
    public void an_iban_with_a_wrong_check_digit_yields_nothing_of_value() =>
        Assert.DoesNotContain(EntityExtractor.Extract("IBAN GB83WEST12345698765432", KeywordSet.Empty), e => e.Type == EntityType.Iban);
}
