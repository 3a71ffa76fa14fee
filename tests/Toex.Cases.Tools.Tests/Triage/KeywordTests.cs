using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class KeywordTests
{
    [Theory]
    [InlineData("Meet at the CAFÉ", "cafe")]
    [InlineData("meet at the cafe", "Café")]
    [InlineData("COUNTY LINES run tonight", "county lines")]
    [InlineData("county   lines\trun", "county lines")]
    [InlineData("trap-house on Elm St", "trap")]
    [InlineData("the trap's shut", "trap")]
    [InlineData("Zapłać w Łodzi", "lodzi")]
    [InlineData("Straße", "strasse")]
    [InlineData("İstanbul'dan geldi", "istanbul")]
    [InlineData("ＣＯＫＥ ready", "coke")]
    [InlineData("我要coke谢谢", "coke")]
    [InlineData("Кокаин есть", "кокаин")]
    [InlineData("ΚΌΚΑ εδώ", "κοκα")]
    [InlineData("هل لديك كُوكَايِين", "كوكايين")]
    [InlineData("pay £50 now", "£50")]
    public void a_latin_or_other_spaced_keyword_matches_whole_words_ignoring_case_and_accents(string text, string keyword) =>
        Assert.Equal([keyword], KeywordSet.Create([keyword]).FindIn(text));

    [Theory]
    [InlineData("trapeze artist", "trap")]
    [InlineData("entrap him", "trap")]
    [InlineData("cafeteria", "cafe")]
    [InlineData("county", "county lines")]
    public void a_spaced_keyword_inside_a_longer_word_is_not_a_hit(string text, string keyword) =>
        Assert.Empty(KeywordSet.Create([keyword]).FindIn(text));

    [Theory]
    [InlineData("他有冰毒吗", "冰毒")]
    [InlineData("覚醒剤を持ってる", "覚醒剤")]
    [InlineData("ｶｸｾｲｻﾞｲ", "カクセイザイ")]
    [InlineData("มียาบ้าไหม", "ยาบ้า")]
    [InlineData("마약을 샀다", "마약")]
    [InlineData("meet me 在冰毒店", "冰毒")]
    public void a_keyword_in_a_script_without_spaces_matches_anywhere(string text, string keyword) =>
        Assert.Equal([keyword], KeywordSet.Create([keyword]).FindIn(text));

    [Fact]
    public void a_korean_keyword_does_not_match_across_two_syllables() =>
        Assert.Empty(KeywordSet.Create(["약"]).FindIn("마야기"));

    [Fact]
    public void hits_come_in_order_of_first_occurrence_each_keyword_once()
    {
        var keywords = KeywordSet.Create(["trap", "county line", "冰毒"]);
        Assert.Equal(["county line", "trap"], keywords.FindIn("county line to the trap, trap again, TRAP"));
    }

    [Fact]
    public void blank_keywords_are_ignored_and_two_spellings_of_one_word_both_hit()
    {
        var keywords = KeywordSet.Create(["", "  ", "Café", "cafe"]);
        Assert.Equal(["Café", "cafe"], keywords.FindIn("the CAFE"));
    }

    [Fact]
    public void keywords_passed_as_a_list_are_reprepared_when_the_list_changes()
    {
        var keywords = new List<string> { "trap" };
        Assert.Contains(new ExtractedEntity(EntityType.KeywordHit, "trap"), EntityExtractor.Extract("trap and shotter", keywords));
        keywords.Add("shotter");
        Assert.Contains(new ExtractedEntity(EntityType.KeywordHit, "shotter"), EntityExtractor.Extract("trap and shotter", keywords));
    }
}
