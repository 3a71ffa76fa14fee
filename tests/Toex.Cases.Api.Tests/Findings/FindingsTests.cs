using System.Net;
using Toex.Cases.Api.Tests.ToolRuns;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Findings;

public sealed class FindingsTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Export = "timestamp,from,to,body\n2024-10-01,07700 900123,+447700900456,pay GB82WEST12345698765432\n";

    private async Task<(Guid Operation, Guid Run, Guid Artefact)> Triaged()
    {
        var (operation, material) = await OperationWithExport(Export);
        var run = await RunTool(operation, new { tool = "triage", materialIds = new[] { material } });
        var iban = (await Artefacts(run)).Single(a => a!["entityType"]!.GetValue<string>() == "Iban")!;
        return (operation, run["id"]!.GetValue<Guid>(), iban["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task an_analyst_records_a_finding_with_its_provenance()
    {
        var (operation, run, artefact) = await Triaged();

        var response = await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "FinancialLead", summary = "Payments to a UK account", artefactIds = new[] { artefact }, toolRunIds = new[] { run },
            evidentialValue = "High",
        });

        await response.ShouldBe(HttpStatusCode.Created);
        var finding = await response.Body();
        Assert.Equal([artefact], finding["artefactIds"]!.AsArray().Select(a => a!.GetValue<Guid>()));
        Assert.Equal([run], finding["toolRunIds"]!.AsArray().Select(a => a!.GetValue<Guid>()));
        Assert.Equal("ea-1", finding["recordedBy"]!["id"]!.GetValue<string>());
        Assert.True(finding["current"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_correction_supersedes_the_earlier_finding_and_both_stay()
    {
        var (operation, run, artefact) = await Triaged();
        var first = (await (await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "FinancialLead", summary = "Account belongs to suspect A", artefactIds = new[] { artefact }, evidentialValue = "Medium",
        })).Body())["id"]!.GetValue<Guid>();

        var correction = await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "FinancialLead", summary = "Account belongs to suspect B, not A", artefactIds = new[] { artefact },
            toolRunIds = new[] { run }, evidentialValue = "High", supersedes = first,
        });
        var again = await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "Other", summary = "x", evidentialValue = "Low", supersedes = first,
        });

        await correction.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("finding-superseded", (await again.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
        var list = await As(NorfolkInvestigator).GetJson($"/api/operations/{operation}/findings");
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.Equal(1, list["current"]!.GetValue<int>());
        var old = list["items"]!.AsArray().Single(f => f!["id"]!.GetValue<Guid>() == first)!;
        Assert.Equal("Account belongs to suspect A", old["summary"]!.GetValue<string>());
        Assert.Equal((await correction.Body())["id"]!.GetValue<Guid>(), old["supersededBy"]!.GetValue<Guid>());
    }

    public static TheoryData<string, object, string> BadFindings => new()
    {
        { "no kind", new { summary = "s", evidentialValue = "High" }, "kind" },
        { "an unknown kind", new { kind = "Hunch", summary = "s", evidentialValue = "High" }, "$.kind" },
        { "no summary", new { kind = "Other", evidentialValue = "High" }, "summary" },
        { "no evidential value", new { kind = "Other", summary = "s" }, "evidentialValue" },
        { "an unknown evidential value", new { kind = "Other", summary = "s", evidentialValue = "Huge" }, "$.evidentialValue" },
        { "an artefact that does not exist", new { kind = "Other", summary = "s", evidentialValue = "Low", artefactIds = new[] { Guid.NewGuid() } }, "artefactIds" },
        { "a tool run that does not exist", new { kind = "Other", summary = "s", evidentialValue = "Low", toolRunIds = new[] { Guid.NewGuid() } }, "toolRunIds" },
    };

    [Theory]
    [MemberData(nameof(BadFindings))]
    public async Task a_bad_finding_is_a_400_problem_and_writes_nothing(string why, object body, string field)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var before = await Written();

        var response = await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", body);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{why}: {problem.ToJsonString()}");
        Assert.Equal(before, await Written());
    }

    [Fact]
    public async Task provenance_from_another_operation_is_refused()
    {
        var (_, run, artefact) = await Triaged();
        var other = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{other}/findings", new
        {
            kind = "Other", summary = "s", evidentialValue = "Low", artefactIds = new[] { artefact }, toolRunIds = new[] { run },
        });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["artefactIds"]);
        Assert.NotNull(problem["errors"]!["toolRunIds"]);
    }

    [Fact]
    public async Task findings_of_another_force_are_404_and_a_disclosure_officer_cannot_record_them()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var body = new { kind = "Other", summary = "s", evidentialValue = "Low" };

        await (await As(WestYorkshireInvestigator).GetAsync($"/api/operations/{operation}/findings")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(WestYorkshireInvestigator).Post($"/api/operations/{operation}/findings", body)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(NorfolkDisclosure).Post($"/api/operations/{operation}/findings", body)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/findings", body)).ShouldBe(HttpStatusCode.Created);
    }
}
