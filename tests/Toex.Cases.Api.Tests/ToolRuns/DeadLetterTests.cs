using System.Net;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.ToolRuns;

public sealed class DeadLetterTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly TestUser Admin = new("adm-1", "Ada Min", "toex", null, "Admin");

    [Fact]
    public async Task only_an_admin_lists_or_replays_dead_letters()
    {
        await (await As(NationalAnalyst).GetAsync("/api/admin/dead-letters")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await As(NationalAnalyst).Post("/api/admin/dead-letters/replay", new { ids = new[] { Guid.NewGuid() } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);

        var page = await As(Admin).GetJson("/api/admin/dead-letters");

        Assert.Equal(0, page["total"]!.GetValue<int>());
        Assert.Empty(page["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"ids":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"ids":"x"}""")]
    public async Task a_bad_replay_request_is_a_400_problem(string json)
    {
        var response = await As(Admin).Post("/api/admin/dead-letters/replay", Http.Json(json));

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
