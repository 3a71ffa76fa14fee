using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class EntityExtractorTests
{
    private static ExtractedEntity E(EntityType type, string value) => new(type, value);

    [Fact]
    public void a_line_with_nothing_of_value_yields_nothing() =>
        Assert.Empty(EntityExtractor.Extract("ok see you later x", ["trap"]));

    [Fact]
    public void an_empty_line_yields_nothing() =>
        Assert.Empty(EntityExtractor.Extract("", []));

    [Fact]
    public void entities_come_in_order_of_first_appearance_each_once()
    {
        var found = EntityExtractor.Extract(
            "Ring 07700 900123 or mail Ops@Example.com; again +44 7700 900123, ops@example.com. Drop at SW1A 1AA.",
            []);
        Assert.Equal(
            [E(EntityType.Phone, "+447700900123"), E(EntityType.Email, "ops@example.com"), E(EntityType.Postcode, "SW1A1AA")],
            found);
    }

    [Fact]
    public void a_chinese_line_yields_its_phone_email_wallet_and_keyword()
    {
        var found = EntityExtractor.Extract(
            "电话07700900123，邮箱li.wei@example.cn，冰毒的钱打到钱包bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            ["冰毒"]);
        Assert.Equal(
            [
                E(EntityType.Phone, "+447700900123"),
                E(EntityType.Email, "li.wei@example.cn"),
                E(EntityType.KeywordHit, "冰毒"),
                E(EntityType.CryptoWallet, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            ],
            found);
    }

    [Fact]
    public void a_polish_line_yields_a_foreign_phone_an_iban_and_an_accented_keyword()
    {
        var found = EntityExtractor.Extract(
            "Zadzwoń +48 512 345 678, przelew na PL61 1090 1014 0000 0712 1981 2874 za TOWAR",
            ["towar", "przelew"]);
        Assert.Equal(
            [
                E(EntityType.Phone, "+48512345678"),
                E(EntityType.KeywordHit, "przelew"),
                E(EntityType.Iban, "PL61109010140000071219812874"),
                E(EntityType.KeywordHit, "towar"),
            ],
            found);
    }

    [Fact]
    public void a_russian_line_yields_a_card_and_a_keyword()
    {
        var found = EntityExtractor.Extract("Переведи на карту 4111 1111 1111 1111 за Закладку", ["закладку"]);
        Assert.Equal([E(EntityType.PaymentCard, "4111111111111111"), E(EntityType.KeywordHit, "закладку")], found);
    }

    [Fact]
    public void an_arabic_line_with_direction_marks_yields_its_phone()
    {
        var found = EntityExtractor.Extract("اتصل على \u200E+44 7700 900123\u200F الآن", []);
        Assert.Equal([E(EntityType.Phone, "+447700900123")], found);
    }

    [Fact]
    public void a_line_of_every_type_yields_each_in_order()
    {
        var found = EntityExtractor.Extract(
            "AB12 CDE at B33 8TH; pay 12-34-56 12345678 or GB82 WEST 1234 5698 7654 32 or card 5500 0000 0000 0004 " +
            "or 0x52908400098527886E0F7030069857D2E4169EE7; see https://example.com/x, ring 020 7946 0958, mail a@b.co.uk — trap",
            ["trap"]);
        Assert.Equal(
            [
                E(EntityType.VehicleRegistration, "AB12CDE"),
                E(EntityType.Postcode, "B338TH"),
                E(EntityType.UkBankAccount, "123456-12345678"),
                E(EntityType.Iban, "GB82WEST12345698765432"),
                E(EntityType.PaymentCard, "5500000000000004"),
                E(EntityType.CryptoWallet, "0x52908400098527886E0F7030069857D2E4169EE7"),
                E(EntityType.Url, "https://example.com/x"),
                E(EntityType.Phone, "+442079460958"),
                E(EntityType.Email, "a@b.co.uk"),
                E(EntityType.KeywordHit, "trap"),
            ],
            found);
    }

    [Fact]
    public void candidates_failing_their_checks_are_not_entities()
    {
        var found = EntityExtractor.Extract(
            "GB83WEST12345698765432 4111 1111 1111 1112 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 " +
            "0x52908400098527886e0F7030069857D2E4169EE7 Q1 1AA AB00 CDE 7700 900123",
            []);
        Assert.Empty(found);
    }

    [Fact]
    public void a_keyword_hit_appears_once_per_text_however_often_it_occurs()
    {
        var found = EntityExtractor.Extract("trap, TRAP, Trap", ["trap"]);
        Assert.Equal([E(EntityType.KeywordHit, "trap")], found);
    }

    [Fact]
    public void the_digits_of_a_bank_account_or_an_iban_are_not_also_phones()
    {
        var found = EntityExtractor.Extract("01-02-03 07700900 and GB82WEST12345698765432", []);
        Assert.Equal([E(EntityType.UkBankAccount, "010203-07700900"), E(EntityType.Iban, "GB82WEST12345698765432")], found);
    }

    [Fact]
    public void extraction_gives_the_same_answer_on_many_threads()
    {
        const string line = "电话07700900123，trap at SW1A 1AA, card 4111111111111111";
        var expected = EntityExtractor.Extract(line, ["trap"]);
        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => EntityExtractor.Extract(line, ["trap"])).ToArray();
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
