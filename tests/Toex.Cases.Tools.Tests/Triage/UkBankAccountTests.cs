using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class UkBankAccountTests
{
    [Theory]
    [InlineData("sort code 12-34-56 account 12345678")]
    [InlineData("Sort Code: 12-34-56, Account No: 12345678")]
    [InlineData("12-34-56 12345678")]
    [InlineData("123456 12345678")]
    [InlineData("12 34 56 12345678")]
    [InlineData("s/c 12-34-56 a/c 12345678")]
    [InlineData("SORT CODE 12-34-56 ACCOUNT NUMBER 12345678")]
    [InlineData("S/C 12 34 56 A/C 12345678")]
    [InlineData("12-34-56 / 12345678")]
    public void a_sort_code_then_account_number_normalises_to_six_digits_hyphen_eight(string written)
    {
        Assert.True(UkBankAccount.TryNormalise(written, out var account));
        Assert.Equal("123456-12345678", account);
    }

    [Fact]
    public void a_sort_code_and_account_number_given_apart_normalise_the_same()
    {
        Assert.True(UkBankAccount.TryNormalise("12-34-56", "12345678", out var account));
        Assert.Equal("123456-12345678", account);
    }

    [Theory]
    [InlineData("12-34-5 12345678")]
    [InlineData("12-34-56 1234567")]
    [InlineData("12-34-56 123456789")]
    [InlineData("12-3456 12345678")]   // mixed separators
    [InlineData("12345612345678")]      // nothing parts the two
    [InlineData("account 12345678")]
    [InlineData("hello 12-34-56 12345678")]
    public void a_pair_of_the_wrong_shape_is_refused(string written) =>
        Assert.False(UkBankAccount.TryNormalise(written, out _));

    [Theory]
    [InlineData("pay into sort code 12-34-56 account 12345678 today")]
    [InlineData("acc 12345678 sort code 12-34-56")]
    [InlineData("Account number: 12345678, sort code: 123456")]
    [InlineData("ACCOUNT NO 12345678 AND SORT CODE 12-34-56")]
    [InlineData("转账 12-34-56 12345678 谢谢")]
    public void an_account_is_found_in_running_text_in_either_order(string text)
    {
        var entity = Assert.Single(EntityExtractor.Extract(text, KeywordSet.Empty));
        Assert.Equal(new ExtractedEntity(EntityType.UkBankAccount, "123456-12345678"), entity);
    }

    [Fact]
    public void an_account_number_and_sort_code_without_labels_are_not_read_account_first() =>
        Assert.DoesNotContain(EntityExtractor.Extract("12345678 12-34-56", KeywordSet.Empty), e => e.Type == EntityType.UkBankAccount);
}
