using System.Net;
using Marten;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.ToolRuns;

/// <summary>Asking for runs: bad input, access, idempotency. These never reach the runner.</summary>
public sealed class ToolRunRequestTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Csv = "timestamp,from,to,body\n2024-10-01,+447700900123,+447700900456,hello\n";

    private async Task<long> RunStreams()
    {
        await using var session = Store.QuerySession();
        return await session.Query<Projections.ToolRuns.ToolRunDetails>().CountAsync();
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "an unknown tool", """{"tool":"summarise","materialIds":["{m}"]}""", "$.tool" },
        { "no tool", """{"materialIds":["{m}"]}""", "tool" },
        { "no materials", """{"tool":"translate","materialIds":[]}""", "materialIds" },
        { "materials as a string", """{"tool":"translate","materialIds":"{m}"}""", "$.materialIds" },
        { "a material id that is not a guid", """{"tool":"translate","materialIds":["abc"]}""", "$.materialIds[0]" },
        { "an unknown parameter", """{"tool":"translate","materialIds":["{m}"],"parameters":{"speed":"fast"}}""", "parameters.speed" },
        { "a parameter of another tool", """{"tool":"triage","materialIds":["{m}"],"parameters":{"targetLanguage":"en"}}""", "parameters.targetLanguage" },
        { "a malformed language tag", """{"tool":"translate","materialIds":["{m}"],"parameters":{"targetLanguage":"English"}}""", "parameters.targetLanguage" },
        { "keywords that are not a list", """{"tool":"translate","materialIds":["{m}"],"parameters":{"keywords":"cash"}}""", "parameters.keywords" },
        { "a blank keyword", """{"tool":"triage","materialIds":["{m}"],"parameters":{"keywords":[" "]}}""", "parameters.keywords" },
        { "an unknown column role", """{"tool":"translate","materialIds":["{m}"],"parameters":{"columns":{"subject":"x"}}}""", "parameters.columns.subject" },
        { "parameters that are not an object", """{"tool":"translate","materialIds":["{m}"],"parameters":[1]}""", "parameters" },
        { "transcribing a CSV", """{"tool":"transcribe","materialIds":["{m}"]}""", "materialIds" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task a_bad_tool_run_request_is_a_400_problem_and_writes_nothing(string why, string json, string field)
    {
        var (operation, material) = await OperationWithExport(Csv);
        var before = await Written();

        var response = await As(EasternAnalyst).Post($"/api/operations/{operation}/tool-runs", Http.Json(json.Replace("{m}", material.ToString())));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{why}: {problem.ToJsonString()}");
        Assert.Equal(before, await Written());
        Assert.Equal(0, await RunStreams());
    }

    [Fact]
    public async Task material_of_another_operation_is_404()
    {
        var (_, material) = await OperationWithExport(Csv);
        var other = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{other}/tool-runs", new { tool = "translate", materialIds = new[] { material } });
        var unknown = await As(EasternAnalyst).Post($"/api/operations/{other}/tool-runs", new { tool = "translate", materialIds = new[] { Guid.NewGuid() } });

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await RunStreams());
    }

    [Fact]
    public async Task a_replay_with_the_same_idempotency_key_returns_the_same_run()
    {
        var (operation, material) = await OperationWithExport(Csv);
        var body = new { tool = "triage", materialIds = new[] { material } };
        Guid first = default, second = default;

        await Wolverine.Tracking.WolverineHostMessageTrackingExtensions.TrackActivity(Host).Timeout(TimeSpan.FromSeconds(60))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ =>
            {
                first = (await (await As(EasternAnalyst).Post($"/api/operations/{operation}/tool-runs", body, idempotencyKey: "run-1")).Body())["id"]!.GetValue<Guid>();
                var replay = await As(EasternAnalyst).Post($"/api/operations/{operation}/tool-runs", body, idempotencyKey: "run-1");
                await replay.ShouldBe(HttpStatusCode.Accepted);
                Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
                second = (await replay.Body())["id"]!.GetValue<Guid>();
            }));

        Assert.Equal(first, second);
        Assert.Equal(1, await RunStreams());
    }

    [Fact]
    public async Task tool_runs_of_another_force_are_404_on_every_route()
    {
        var (operation, material) = await OperationWithExport(Csv);
        var run = await RunTool(operation, new { tool = "triage", materialIds = new[] { material } });
        var outsider = As(WestYorkshireInvestigator);

        await (await outsider.GetAsync($"/api/tool-runs/{run["id"]}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/tool-runs/{run["id"]}/artefacts")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.Post($"/api/tool-runs/{run["id"]}/cancel")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/operations/{operation}/tool-runs")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/operations/{operation}/artefacts")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.Post($"/api/operations/{operation}/tool-runs", new { tool = "triage", materialIds = new[] { material } }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(LondonAnalyst).GetAsync($"/api/tool-runs/{run["id"]}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/tool-runs/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_disclosure_officer_reads_runs_but_cannot_ask_for_or_cancel_them()
    {
        var (operation, material) = await OperationWithExport(Csv);
        var run = await RunTool(operation, new { tool = "triage", materialIds = new[] { material } });

        await (await As(NorfolkDisclosure).GetAsync($"/api/tool-runs/{run["id"]}")).ShouldBe(HttpStatusCode.OK);
        await (await As(NorfolkDisclosure).Post($"/api/operations/{operation}/tool-runs", new { tool = "triage", materialIds = new[] { material } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await As(NorfolkDisclosure).Post($"/api/tool-runs/{run["id"]}/cancel")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=5000")]
    [InlineData("kind=Summary")]
    [InlineData("kind=Translation,Entity")]
    public async Task a_bad_artefact_query_is_a_400_problem(string query)
    {
        var (operation, _) = await OperationWithExport(Csv);

        var response = await As(EasternAnalyst).GetAsync($"/api/operations/{operation}/artefacts?{query}");

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task asking_for_a_run_on_a_closed_operation_is_refused()
    {
        var (operation, material) = await OperationWithExport(Csv);
        await As(NorfolkInvestigator).Post($"/api/operations/{operation}/close", new { reason = "done" }, ifMatch: "\"1\"");

        var response = await As(EasternAnalyst).Post($"/api/operations/{operation}/tool-runs", new { tool = "triage", materialIds = new[] { material } });

        Assert.Equal("operation-closed", (await response.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
        Assert.Equal(0, await RunStreams());
    }
}
