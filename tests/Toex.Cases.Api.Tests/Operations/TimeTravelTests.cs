using System.Net;
using Marten;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Operations;

/// <summary>?asOf= on an operation and its timeline: what we knew at that instant, from the events' stored times.</summary>
public sealed class TimeTravelTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<(Guid Id, DateTimeOffset Tasked, DateTimeOffset Accepted)> TaskedThenAccepted()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        await (await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"")).ShouldBe(HttpStatusCode.OK);
        var events = await Store.QuerySession().Events.FetchStreamAsync(id);
        return (id, events[0].Timestamp, events[1].Timestamp);
    }

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));

    [Fact]
    public async Task an_operation_reads_as_it_stood_before_and_after_a_change()
    {
        var (id, tasked, accepted) = await TaskedThenAccepted();
        var between = tasked + (accepted - tasked) / 2;

        var before = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}?asOf={At(between)}");
        var after = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}?asOf={At(accepted)}");
        var now = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}");

        Assert.Equal("Tasked", before["status"]!.GetValue<string>());
        Assert.Null(before["acceptedBy"]);
        Assert.Equal("Accepted", after["status"]!.GetValue<string>());
        Assert.Equal("Accepted", now["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_timeline_as_of_an_instant_stops_there()
    {
        var (id, tasked, accepted) = await TaskedThenAccepted();

        var before = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}/timeline?asOf={At(tasked)}");
        var after = await As(NorfolkInvestigator).GetJson($"/api/operations/{id}/timeline?asOf={At(accepted)}");

        Assert.Single(before["entries"]!.AsArray());
        Assert.Equal(2, after["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task before_the_tasking_there_was_no_operation()
    {
        var (id, tasked, _) = await TaskedThenAccepted();
        var earlier = At(tasked.AddMinutes(-1));

        await (await As(NorfolkInvestigator).GetAsync($"/api/operations/{id}?asOf={earlier}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(NorfolkInvestigator).GetAsync($"/api/operations/{id}/timeline?asOf={earlier}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task another_forces_operation_is_not_found_at_any_time()
    {
        var (id, _, accepted) = await TaskedThenAccepted();
        await (await As(SuffolkInvestigator).GetAsync($"/api/operations/{id}?asOf={At(accepted)}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(SuffolkInvestigator).GetAsync($"/api/operations/{id}/timeline?asOf={At(accepted)}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-03-01T09:30:00")]
    [InlineData("2026-03-01")]
    public async Task an_instant_that_is_not_iso_8601_with_an_offset_is_a_problem(string asOf)
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        foreach (var route in new[] { "", "/timeline" })
            await (await As(NorfolkInvestigator).GetAsync($"/api/operations/{id}{route}?asOf={Uri.EscapeDataString(asOf)}"))
                .ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
