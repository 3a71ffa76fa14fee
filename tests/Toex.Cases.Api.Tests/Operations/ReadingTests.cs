using System.Net;
using Marten;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Operations;

public sealed class ReadingTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task reading_an_operation_gives_its_details_and_etag()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(NorfolkInvestigator).GetAsync($"/api/operations/{id}");

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.ETag());
        var body = await response.Body();
        Assert.Equal(id, body["id"]!.GetValue<Guid>());
        Assert.Equal("Operation Nightjar", body["name"]!.GetValue<string>());
        Assert.Empty(body["outcomes"]!.AsArray());
        Assert.Empty(body["sharedWith"]!.AsArray());
    }

    [Fact]
    public async Task another_forces_operation_is_indistinguishable_from_one_that_does_not_exist()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var hidden = await As(WestYorkshireInvestigator).GetAsync($"/api/operations/{id}");
        var missing = await As(WestYorkshireInvestigator).GetAsync($"/api/operations/{Guid.NewGuid()}");

        var a = await hidden.ShouldBeProblem(HttpStatusCode.NotFound);
        var b = await missing.ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(a["detail"]!.GetValue<string>(), b["detail"]!.GetValue<string>());
        await (await As(WestYorkshireInvestigator).GetAsync($"/api/operations/{id}/timeline")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_list_holds_only_what_the_caller_may_see()
    {
        var norfolk1 = await As(NorfolkInvestigator).TaskOperation();
        var norfolk2 = await As(NorfolkInvestigator).TaskOperation();
        var suffolk = await As(SuffolkInvestigator).TaskOperation();
        var yorkshire = await As(WestYorkshireInvestigator).TaskOperation();

        async Task<Guid[]> Listed(TestUser user) =>
            (await As(user).GetJson("/api/operations")).AsObject()["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).Order().ToArray();

        Assert.Equal(new[] { norfolk1, norfolk2 }.Order(), await Listed(NorfolkInvestigator));
        Assert.Equal(new[] { norfolk1, norfolk2, suffolk }.Order(), await Listed(EasternAnalyst));
        Assert.Equal(new[] { norfolk1, norfolk2, suffolk, yorkshire }.Order(), await Listed(NationalAnalyst));
        Assert.Empty(await Listed(LondonAnalyst));
        Assert.Empty(await Listed(NcaOfficer));
    }

    [Fact]
    public async Task the_list_filters_by_status_force_and_threat_and_pages()
    {
        var first = await As(NorfolkInvestigator).TaskOperation();
        await As(NorfolkInvestigator).TaskOperation(new { name = "Op Kestrel", threats = new[] { "ModernSlavery" }, summary = "s", priority = "Low" });
        await As(SuffolkInvestigator).TaskOperation();
        await As(EasternAnalyst).Post($"/api/operations/{first}/accept", ifMatch: "\"1\"");
        var analyst = As(EasternAnalyst);

        var accepted = await analyst.GetJson("/api/operations?status=Accepted");
        var suffolk = await analyst.GetJson("/api/operations?force=suffolk");
        var slavery = await analyst.GetJson("/api/operations?threat=ModernSlavery");
        var page2 = await analyst.GetJson("/api/operations?pageSize=2&page=2");

        Assert.Equal(first, accepted["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>());
        Assert.Equal("suffolk", suffolk["items"]!.AsArray().Single()!["force"]!.GetValue<string>());
        Assert.Equal("Op Kestrel", slavery["items"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal(3, page2["total"]!.GetValue<int>());
        Assert.Single(page2["items"]!.AsArray());
    }

    [Theory]
    [InlineData("status=Bogus", "status")]
    [InlineData("status=1", "status")]
    [InlineData("status=Tasked,Closed", "status")]
    [InlineData("threat=Burglary", "threat")]
    [InlineData("force=atlantis", "force")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    public async Task a_bad_list_query_is_a_400_problem(string query, string field)
    {
        var response = await As(NationalAnalyst).GetAsync($"/api/operations?{query}");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task the_timeline_tells_who_did_what_and_when_in_order()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");
        await As(EasternAnalyst).Post($"/api/operations/{id}/assign", new { analystId = "ea-2", analystName = "Felicity Davis" }, ifMatch: "\"2\"");
        await As(NorfolkInvestigator).Post($"/api/operations/{id}/outcomes", new { kind = "Arrest", summary = "Two males", count = 2 }, ifMatch: "\"3\"");
        await As(NorfolkInvestigator).Post($"/api/operations/{id}/close", new { reason = "Charged" }, ifMatch: "\"4\"");

        var timeline = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}/timeline");

        var entries = timeline["entries"]!.AsArray();
        Assert.Equal([1, 2, 3, 4, 5], entries.Select(e => e!["version"]!.GetValue<int>()));
        Assert.Equal(
            ["Tasked TOEX with operation 'Operation Nightjar' (High priority)", "Accepted the operation for TOEX",
             "Assigned analyst Felicity Davis", "Recorded outcome: 2 arrests", "Closed the operation"],
            entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal(["n-inv-1", "ea-1", "ea-1", "n-inv-1", "n-inv-1"], entries.Select(e => e!["actor"]!["id"]!.GetValue<string>()));
        Assert.Equal("Analyst", entries[1]!["actor"]!["role"]!.GetValue<string>());
        Assert.Equal("toex", entries[1]!["actor"]!["force"]!.GetValue<string>());
        var times = entries.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal("Charged", entries[4]!["details"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task every_event_carries_the_actor_and_a_correlation_id_in_martens_metadata()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");

        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.CorrelationId)));
        Assert.NotEqual(events[0].CorrelationId, events[1].CorrelationId);
        Assert.Equal(["n-inv-1", "ea-1"], events.Select(e => e.Headers!["actor-id"].ToString()));
        Assert.Equal(["DC Jane Smith", "Ana Lyst"], events.Select(e => e.Headers!["actor-name"].ToString()));
        Assert.Equal(["norfolk", "toex"], events.Select(e => e.Headers!["actor-force"].ToString()));
        Assert.Equal(["Investigator", "Analyst"], events.Select(e => e.Headers!["actor-role"].ToString()));
    }
}
