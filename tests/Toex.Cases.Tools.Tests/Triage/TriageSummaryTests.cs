using System.Text.Json;
using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class TriageSummaryTests
{
    private static readonly string[] Keywords = ["trap", "county line"];

    private static TriageReport Summarise(params (string? From, string? To, string Body)[] messages)
    {
        var summary = new TriageSummary();
        var line = 1;
        foreach (var (from, to, body) in messages)
            summary.Add(line++, EntityExtractor.Extract(body, Keywords), from, to);
        return summary.Build();
    }

    [Fact]
    public void counts_are_by_type_once_per_line_and_distinct_values_are_counted_apart()
    {
        var report = Summarise(
            (null, null, "ring 07700 900123 or +44 7700 900123"),
            (null, null, "ring 07700 900123 or 07911 123456"),
            (null, null, "mail a@b.com"),
            (null, null, "nothing here"));

        Assert.Equal(4, report.Lines);
        Assert.Equal(3, report.LinesWithEntities);
        Assert.Equal(3, report.EntityCounts[EntityType.Phone]);
        Assert.Equal(2, report.DistinctEntityCounts[EntityType.Phone]);
        Assert.Equal(1, report.EntityCounts[EntityType.Email]);
        Assert.Equal(0, report.EntityCounts[EntityType.Iban]);
        Assert.Equal(Enum.GetValues<EntityType>().Length, report.EntityCounts.Count);
    }

    [Fact]
    public void top_contacts_count_senders_recipients_and_mentions_most_frequent_first()
    {
        var report = Summarise(
            ("07700 900123", "447911123456", "call +44 7911 123456"),
            ("Mum <07700 900111>", "07700 900123", "mail x@example.com"),
            ("447700900123@s.whatsapp.net", "+44 7911 123456", "ok"),
            ("X@Example.com", "07700 900123", "ok"));

        Assert.Equal(
            [
                new ContactCount("+447700900123", EntityType.Phone, 4),
                new ContactCount("+447911123456", EntityType.Phone, 3),
                new ContactCount("x@example.com", EntityType.Email, 2),
                new ContactCount("+447700900111", EntityType.Phone, 1),
            ],
            report.TopContacts);
    }

    [Fact]
    public void top_contacts_stop_at_ten_with_ties_in_order_of_first_appearance()
    {
        var summary = new TriageSummary();
        for (var i = 0; i < 12; i++)
            summary.Add(i + 1, [], from: $"07700 9001{i:00}");
        summary.Add(13, [], from: "07700 900111");

        var top = summary.Build().TopContacts;
        Assert.Equal(TriageSummary.TopContactCount, top.Count);
        Assert.Equal(new ContactCount("+447700900111", EntityType.Phone, 2), top[0]);
        Assert.Equal("+447700900100", top[1].Contact);
        Assert.Equal("+447700900108", top[9].Contact);
    }

    [Fact]
    public void keyword_hits_count_the_lines_holding_each_keyword()
    {
        var report = Summarise(
            (null, null, "the trap, the TRAP"),
            (null, null, "county line and trap"),
            (null, null, "trapeze"));

        Assert.Equal(new Dictionary<string, int> { ["trap"] = 2, ["county line"] = 1 }, report.KeywordHits);
        Assert.Equal(3, report.EntityCounts[EntityType.KeywordHit]);
    }

    [Fact]
    public void a_material_with_only_phones_emails_and_links_has_no_potential_evidential_value()
    {
        var report = Summarise((null, null, "ring 07700 900123, see https://example.com, SW1A 1AA, AB12 CDE"));
        Assert.False(report.PotentialEvidentialValue);
        Assert.Empty(report.Reasons);
    }

    [Fact]
    public void a_financial_identifier_flags_the_material()
    {
        var report = Summarise(
            (null, null, "sort code 12-34-56 account 12345678"),
            (null, null, "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));

        Assert.True(report.PotentialEvidentialValue);
        Assert.Equal(["Financial identifiers found: 1 UK bank account, 2 crypto wallets."], report.Reasons);
    }

    [Fact]
    public void a_keyword_hit_flags_the_material()
    {
        var report = Summarise((null, null, "trap tonight"), (null, null, "trap and county line"));
        Assert.True(report.PotentialEvidentialValue);
        Assert.Equal(["Keywords found on 2 lines: \"trap\" (2 lines), \"county line\" (1 line)."], report.Reasons);
    }

    [Fact]
    public void a_postcode_with_keyword_hits_gives_its_own_reason()
    {
        var report = Summarise(
            (null, null, "trap at B33 8TH"),
            (null, null, "or M1 1AE"),
            (null, null, "card 4111 1111 1111 1111"));

        Assert.True(report.PotentialEvidentialValue);
        Assert.Equal(
            [
                "Financial identifiers found: 1 payment card.",
                "Keywords found on 1 line: \"trap\" (1 line).",
                "An address appears with keyword hits: 2 postcodes, 1 on the same line as a keyword.",
            ],
            report.Reasons);
    }

    [Fact]
    public void the_report_serialises_to_readable_json_and_back()
    {
        var report = Summarise(("07700 900123", null, "trap at B33 8TH, IBAN GB82WEST12345698765432"));
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(0, root.GetProperty("entityCounts").GetProperty("Phone").GetInt32());
        Assert.Equal(1, root.GetProperty("entityCounts").GetProperty("Iban").GetInt32());
        var contact = Assert.Single(root.GetProperty("topContacts").EnumerateArray());
        Assert.Equal("+447700900123", contact.GetProperty("contact").GetString());
        Assert.Equal("Phone", contact.GetProperty("type").GetString());
        Assert.Equal(1, root.GetProperty("keywordHits").GetProperty("trap").GetInt32());
        Assert.True(root.GetProperty("potentialEvidentialValue").GetBoolean());
        Assert.Equal(3, root.GetProperty("reasons").GetArrayLength());

        var back = JsonSerializer.Deserialize<TriageReport>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(report.Lines, back.Lines);
        Assert.Equal(report.EntityCounts, back.EntityCounts);
        Assert.Equal(report.TopContacts, back.TopContacts);
        Assert.Equal(report.KeywordHits, back.KeywordHits);
        Assert.Equal(report.Reasons, back.Reasons);
        Assert.True(back.PotentialEvidentialValue);
    }

    [Fact]
    public void an_entity_listed_twice_for_one_line_counts_once()
    {
        var summary = new TriageSummary();
        var phone = new ExtractedEntity(EntityType.Phone, "+447700900123");
        summary.Add(1, [phone, phone]);
        Assert.Equal(1, summary.Build().EntityCounts[EntityType.Phone]);
    }
}
