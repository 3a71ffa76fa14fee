using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class PhoneTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("07700900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("0044 7700 900123", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "+447700900123")]
    [InlineData("07700-900-123", "+447700900123")]
    [InlineData("07911 123456", "+447911123456")]
    [InlineData("020 7946 0958", "+442079460958")]
    [InlineData("(020) 7946 0958", "+442079460958")]
    [InlineData("0161 496 0000", "+441614960000")]
    [InlineData("0113 496 0999", "+441134960999")]
    [InlineData("01632 960123", "+441632960123")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData("+49 30 901820", "+4930901820")]
    [InlineData("+1 415 555 2671", "+14155552671")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("+48 512 345 678", "+48512345678")]
    public void a_valid_number_in_any_common_form_normalises_to_e164(string written, string expected)
    {
        Assert.True(Phone.TryNormalise(written, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("999")]
    [InlineData("12345")]
    [InlineData("7700 900123")]      // no trunk prefix: a bare digit run, not a dialled number
    [InlineData("447700900123")]     // international without the plus
    [InlineData("07700 9001")]       // too short
    [InlineData("07700 900123 4567")] // too long
    [InlineData("+44 1234")]
    [InlineData("0800 ABC DEF")]
    [InlineData("12/05/2023")]
    [InlineData("+999 123 456 789")] // no such country code
    public void a_string_that_is_not_a_dialable_number_is_refused(string written)
    {
        Assert.False(Phone.TryNormalise(written, out var e164));
        Assert.Null(e164);
    }

    [Fact]
    public void ofcoms_drama_numbers_are_accepted_although_libphonenumber_calls_them_invalid()
    {
        Assert.True(Phone.IsReservedForDrama("+447700900123"));
        Assert.True(Phone.IsReservedForDrama("+441632960999"));
        Assert.False(Phone.IsReservedForDrama("+447700901123"));
    }

    [Theory]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("347 123 4567", "IT", "+393471234567")]   // Italian numbers have no trunk prefix
    public void another_default_region_reads_national_numbers_of_that_country(string written, string region, string expected)
    {
        Assert.True(Phone.TryNormalise(written, region, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("0161 496 0000", "GB", "+441614960000")]
    [InlineData("0161 496 0000", "FR", null)]            // the same digits are no French number
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("06 12 34 56 78", "GB", null)]
    public void a_number_asked_again_gets_the_same_answer_in_each_region(string written, string region, string? expected)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected is not null, Phone.TryNormalise(written, region, out var e164));
            Assert.Equal(expected, e164);
        }
    }

    [Fact]
    public void a_region_whose_trunk_prefix_is_0_still_needs_it() =>
        Assert.False(Phone.TryNormalise("6 12 34 56 78", "FR", out _));

    [Theory]
    [InlineData("call 07700 900123 or 07911 123456", new[] { "+447700900123", "+447911123456" })]
    [InlineData("07700 900123 07911 123456", new[] { "+447700900123", "+447911123456" })]
    [InlineData("07700 900123/07911 123456", new[] { "+447700900123", "+447911123456" })]
    [InlineData("numbers: +44 7700 900123, 0044 7911 123456.", new[] { "+447700900123", "+447911123456" })]
    [InlineData("电话07700900123谢谢", new[] { "+447700900123" })]
    [InlineData("on 12/05/2023 at 10:31 ref 20230512103100", new string[0])]
    [InlineData("order 4929 1234 5678 9012 shipped", new string[0])]
    [InlineData("ab07700900123", new string[0])]
    [InlineData("12-34-56 12345678 07700 900123", new[] { "+447700900123" })]
    [InlineData("4111 1111 1111 1111 07911 123456", new[] { "+447911123456" })]
    public void numbers_are_found_in_running_text_and_told_apart_when_written_side_by_side(string text, string[] expected)
    {
        var phones = EntityExtractor.Extract(text, KeywordSet.Empty)
            .Where(e => e.Type == EntityType.Phone).Select(e => e.Value);
        Assert.Equal(expected, phones);
    }
}
