using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class UkVehicleRegistrationTests
{
    [Theory]
    [InlineData("AB12 CDE", "AB12CDE")]
    [InlineData("AB12CDE", "AB12CDE")]
    [InlineData("yx71 abz", "YX71ABZ")]
    [InlineData("LD51 KHE", "LD51KHE")]
    [InlineData("A123 BCD", "A123BCD")]     // prefix
    [InlineData("P7 ABC", "P7ABC")]
    [InlineData("ABC 123D", "ABC123D")]     // suffix
    [InlineData("ABC 123", "ABC123")]       // dateless
    [InlineData("1234 AB", "1234AB")]
    [InlineData("ABZ 1234", "ABZ1234")]     // Northern Ireland
    public void a_mark_in_a_uk_format_normalises_to_upper_case_without_spaces(string written, string expected)
    {
        Assert.True(UkVehicleRegistration.TryNormalise(written, out var mark));
        Assert.Equal(expected, mark);
    }

    [Theory]
    [InlineData("AB00 CDE")]   // no such age identifier
    [InlineData("AB50 CDE")]
    [InlineData("AB12 CDEF")]
    [InlineData("QB12 CDE")]   // Q is not a current-format area letter
    [InlineData("AB12 CQE")]
    [InlineData("I123 BCD")]   // I was never a year letter
    [InlineData("ABCD 123")]
    [InlineData("12345")]
    [InlineData("AB 12 CDE")]
    public void a_string_in_no_uk_format_is_refused(string written) =>
        Assert.False(UkVehicleRegistration.TryNormalise(written, out _));

    [Theory]
    [InlineData("AB12 CDE", true)]
    [InlineData("A123 BCD", false)]
    [InlineData("ABC 123D", false)]
    public void only_the_current_format_is_current(string written, bool current) =>
        Assert.Equal(current, UkVehicleRegistration.IsCurrentFormat(written));

    [Theory]
    [InlineData("seen a blue Golf AB12 CDE outside", "AB12CDE")]
    [InlineData("reg A123 BCD", "A123BCD")]
    [InlineData("VRM: ABC 123D", "ABC123D")]
    [InlineData("the car reg is ab12cde", "AB12CDE")]
    [InlineData("registration number: ABZ 1234", "ABZ1234")]
    [InlineData("number plate P7 ABC", "P7ABC")]
    [InlineData("车牌AB12CDE", "AB12CDE")]
    public void a_mark_is_found_in_the_current_format_or_after_a_word_naming_it(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.VehicleRegistration, expected), entity);
    }

    [Theory]
    [InlineData("A123 BCD")]          // prefix format without a label
    [InlineData("meet ABC 123 times")]
    [InlineData("ab12 cde")]          // lower case without a label
    [InlineData("regards, ABC 123")]
    [InlineData("reg was fine")]
    public void nothing_is_found_where_a_mark_would_be_a_guess(string text) =>
        Assert.DoesNotContain(EntityExtractor.Extract(text, KeywordSet.Empty), e => e.Type == EntityType.VehicleRegistration);
}
