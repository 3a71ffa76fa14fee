using System.Text.Json.Nodes;

namespace Toex.Cases.Api.Tests.ToolRuns;

public sealed class TriageTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Export = """
        timestamp,from,to,body
        2024-10-01T10:00:00Z,07700 900123,+447700900456,Send the money to GB82 WEST 1234 5698 7654 32 today
        2024-10-01T10:05:00Z,+447700900456,07700 900123,ok. card 4111 1111 1111 1111 exp 12/27
        2024-10-01T10:06:00Z,+447700900456,07700 900123,new girls arriving at SW1A 1AA tonight
        2024-10-01T10:07:00Z,+447700900123,+447700900456,bad card 4111 1111 1111 1112 and mail boss@example.com
        """;

    [Fact]
    public async Task triage_extracts_checked_entities_once_per_line_and_flags_the_material()
    {
        var (operation, material) = await OperationWithExport(Export);

        var run = await RunTool(operation, new { tool = "triage", materialIds = new[] { material }, parameters = new { keywords = new[] { "new girls" } } });

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        var entities = (await Artefacts(run)).Select(a => (Line: a!["position"]!.GetValue<int>(), Type: a["entityType"]!.GetValue<string>(),
            Value: a["value"]!.GetValue<string>())).ToList();
        Assert.Contains((2, "Iban", "GB82WEST12345698765432"), entities);
        Assert.Contains((3, "PaymentCard", "4111111111111111"), entities);
        Assert.Contains((4, "Postcode", "SW1A1AA"), entities);
        Assert.Contains((4, "KeywordHit", "new girls"), entities);
        Assert.Contains((5, "Email", "boss@example.com"), entities);
        Assert.Contains((2, "Phone", "+447700900123"), entities);
        Assert.DoesNotContain(entities, e => e.Value == "4111111111111112");
        Assert.Equal(entities.Count, entities.Distinct().Count());

        var summary = run["summaries"]!.AsArray().Single()!["summary"]!;
        Assert.True(summary["potentialEvidentialValue"]!.GetValue<bool>());
        Assert.NotEmpty(summary["reasons"]!.AsArray());
        Assert.Equal(1, summary["keywordHits"]!["new girls"]!.GetValue<int>());
        Assert.Equal(material, run["summaries"]!.AsArray().Single()!["materialId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task a_rerun_of_triage_adds_no_duplicate_artefacts()
    {
        var (operation, material) = await OperationWithExport(Export);
        var request = new { tool = "triage", materialIds = new[] { material } };
        var first = await RunTool(operation, request);
        var count = (await Artefacts(first)).Count;

        var second = await RunTool(operation, request);

        Assert.Equal(0, second["metrics"]!["items"]!.GetValue<int>());
        Assert.Equal(count, second["metrics"]!["reused"]!.GetValue<int>());
        await Artefacts(second);
        var all = await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?kind=Entity");
        Assert.Equal(count, all["total"]!.GetValue<int>());
        Assert.Single(second["summaries"]!.AsArray());
    }

    [Fact]
    public async Task transcription_without_a_configured_provider_fails_naming_the_missing_setting()
    {
        var operation = await As(Users.NorfolkInvestigator).TaskOperation();
        var media = await Register(operation, "RIFF....WAVEfmt ", "AV/1", mediaType: "audio/wav");

        var run = await RunTool(operation, new { tool = "transcribe", materialIds = new[] { media } });

        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.Contains("Tools:Transcribe:Provider", run["failureReason"]!.GetValue<string>());
        Assert.Empty(await Artefacts(run));
    }

    [Fact]
    public async Task the_operation_lists_its_runs_newest_first()
    {
        var (operation, material) = await OperationWithExport(Export);
        var triage = await RunTool(operation, new { tool = "triage", materialIds = new[] { material } });
        var translate = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });

        var list = await As(Users.NorfolkInvestigator).GetJson($"/api/operations/{operation}/tool-runs");

        Assert.Equal([translate["id"]!.GetValue<Guid>(), triage["id"]!.GetValue<Guid>()],
            list["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal(2, list["total"]!.GetValue<int>());
    }
}
