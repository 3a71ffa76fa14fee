using System.Net;
using System.Security.Claims;
using Toex.Cases.Api.Auth;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Operations;

public sealed class TaskingTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task tasking_an_operation_answers_201_with_its_location_and_version()
    {
        var response = await As(NorfolkInvestigator).Post("/api/operations", Http.NewOperation);

        await response.ShouldBe(HttpStatusCode.Created);
        var body = await response.Body();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/operations/{id}", response.Headers.Location?.ToString());
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal("\"1\"", response.ETag());
    }

    [Fact]
    public async Task the_operation_is_owned_by_the_tasking_force_and_supported_by_its_region()
    {
        var id = await As(WestYorkshireInvestigator).TaskOperation();

        var details = await As(WestYorkshireInvestigator).GetJson($"/api/operations/{id}");

        Assert.Equal("west-yorkshire", details["force"]!.GetValue<string>());
        Assert.Equal("yorkshire-humber", details["region"]!.GetValue<string>());
        Assert.Equal("Tasked", details["status"]!.GetValue<string>());
        Assert.Equal("High", details["priority"]!.GetValue<string>());
        Assert.Equal(["SexualExploitation", "CountyLines"], details["threats"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("wy-inv-1", details["taskedBy"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_replay_with_the_same_idempotency_key_returns_the_same_operation_and_writes_once()
    {
        var client = As(NorfolkInvestigator);
        var first = await client.Post("/api/operations", Http.NewOperation, idempotencyKey: "tasking-42");
        var replay = await client.Post("/api/operations", Http.NewOperation, idempotencyKey: "tasking-42");

        await first.ShouldBe(HttpStatusCode.Created);
        await replay.ShouldBe(HttpStatusCode.Created);
        Assert.Equal((await first.Body())["id"]!.ToString(), (await replay.Body())["id"]!.ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await Written()).Events);
    }

    [Fact]
    public async Task the_same_idempotency_key_from_another_user_is_a_different_request()
    {
        await As(NorfolkInvestigator).Post("/api/operations", Http.NewOperation, idempotencyKey: "k");
        var other = await As(SuffolkInvestigator).Post("/api/operations", Http.NewOperation, idempotencyKey: "k");

        await other.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, (await Written()).Events);
    }

    [Fact]
    public async Task reusing_an_idempotency_key_for_a_different_request_is_refused_and_writes_nothing()
    {
        var client = As(NorfolkInvestigator);
        await client.Post("/api/operations", Http.NewOperation, idempotencyKey: "k1");
        var before = await Written();

        var response = await client.Post("/api/operations",
            new { name = "Something else", threats = new[] { "Other" }, summary = "x", priority = "Low" }, idempotencyKey: "k1");

        await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await Written());
    }

    public static TheoryData<string, TestUser> NotAllowedToTask => new()
    {
        { "a TOEX analyst", EasternAnalyst },
        { "a disclosure officer", NorfolkDisclosure },
        { "an NCA officer", NcaOfficer },
        { "a TOEX supervisor", EasternSupervisor },
    };

    [Theory]
    [MemberData(nameof(NotAllowedToTask))]
    public async Task only_an_investigator_of_a_police_force_can_task_TOEX(string who, TestUser user)
    {
        var response = await As(user).Post("/api/operations", Http.NewOperation);

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Equal((0, 0), await Written());
        Assert.NotEmpty(who);
    }

    [Fact]
    public async Task a_request_without_a_token_is_401()
    {
        var response = await Anonymous().Post("/api/operations", Http.NewOperation);

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal((0, 0), await Written());
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "unknown force", new TestUser("x", "X", "atlantis", null, "Investigator").Token() },
        { "unknown role", new TestUser("x", "X", "norfolk", null, "Wizard").Token() },
        { "unknown TOEX region", new TestUser("x", "X", "toex", "narnia", "Analyst").Token() },
        { "expired", new TestUser("x", "X", "norfolk", null, "Investigator").Token(TimeSpan.FromMinutes(-5)) },
        { "signed with another key", TokenCommand.Mint(
            new AuthSettings { SigningKey = "another-signing-key-that-is-long-enough-0123456789" },
            [new Claim("sub", "x"), new Claim("force", "norfolk"), new Claim("role", "Investigator")], TimeSpan.FromHours(1)) },
        { "another audience", TokenCommand.Mint(
            new AuthSettings { SigningKey = AppFixture.Auth.SigningKey, Audience = "someone-else" },
            [new Claim("sub", "x"), new Claim("force", "norfolk"), new Claim("role", "Investigator")], TimeSpan.FromHours(1)) },
        { "no subject", TokenCommand.Mint(AppFixture.Auth,
            [new Claim("force", "norfolk"), new Claim("role", "Investigator")], TimeSpan.FromHours(1)) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task a_token_that_does_not_describe_a_known_user_is_401(string why, string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.Post("/api/operations", Http.NewOperation);

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal((0, 0), await Written());
        Assert.NotEmpty(why);
    }
}
