using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class PaymentCardTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("5500000000000004")]
    [InlineData("378282246310005")]
    [InlineData("79927398713")]
    [InlineData("00")]
    public void luhn_accepts_numbers_whose_check_digit_is_right(string digits) =>
        Assert.True(Luhn.IsValid(digits));

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("79927398710")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("")]
    [InlineData("7")]
    public void luhn_refuses_wrong_check_digits_and_anything_but_digits(string digits) =>
        Assert.False(Luhn.IsValid(digits));

    [Theory]
    [InlineData("4111111111111111", "4111111111111111")]
    [InlineData("5500 0000 0000 0004", "5500000000000004")]
    [InlineData("5555-5555-5555-4444", "5555555555554444")]
    [InlineData("3782 822463 10005", "378282246310005")]
    [InlineData("6011111111111117", "6011111111111117")]
    [InlineData("4012888888881881", "4012888888881881")]
    [InlineData("4222222222222", "4222222222222")]
    [InlineData("4929123456788", "4929123456788")]
    [InlineData("3569380356438096", "3569380356438096")]   // 16 digits: JCB's range
    public void a_luhn_valid_card_number_normalises_to_digits(string written, string expected)
    {
        Assert.True(PaymentCard.TryNormalise(written, out var card));
        Assert.Equal(expected, card);
    }

    [Theory]
    [InlineData("4111111111111112")]       // Luhn fails
    [InlineData("5500 0000 0000 0005")]
    [InlineData("4111 1111 1111")]          // 12 digits
    [InlineData("41111111111111111111")]   // 20 digits
    [InlineData("0000000000000000")]       // no card scheme starts with 0
    [InlineData("1234567812345670")]       // Luhn valid, but 1 is the airlines' identifier
    [InlineData("4111x1111x1111x1111")]
    [InlineData("356938035643809")]        // an IMEI: 15 digits, Luhn valid, but not Amex's 34 or 37
    [InlineData("4992739871")]
    [InlineData("52222222222223")]         // 14 digits, Luhn valid, but not a Diners prefix
    public void a_number_that_is_not_a_card_is_refused(string written) =>
        Assert.False(PaymentCard.TryNormalise(written, out _));

    [Theory]
    [InlineData("card 4111 1111 1111 1111 exp 12/27", "4111111111111111")]
    [InlineData("卡号5500-0000-0000-0004谢谢", "5500000000000004")]
    [InlineData("4111 1111 1111 1111 123", "4111111111111111")]
    public void a_card_is_found_in_running_text_and_is_not_also_a_phone(string text, string expected)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.PaymentCard, expected), entity);
    }

    [Theory]
    [InlineData("IMEI: 356938035643809")]
    [InlineData("imei 4929123456788")]
    [InlineData("IMEISV 3569380356438096")]
    public void a_number_labelled_imei_is_not_a_card(string text) =>
        Assert.DoesNotContain(EntityExtractor.Extract(text, KeywordSet.Empty), e => e.Type == EntityType.PaymentCard);

    [Fact]
    public void a_card_number_failing_luhn_is_not_an_entity() =>
        Assert.Empty(EntityExtractor.Extract("card 4111 1111 1111 1112", KeywordSet.Empty));
}
