using System.Net;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Operations;

/// <summary>accept, assign, outcomes, share, close, reopen: happy, refused, and who may do them.</summary>
public sealed class CommandTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<Guid> Accepted()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        await (await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"")).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task an_analyst_of_the_region_accepts_a_tasking()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.ETag());
        var body = await response.Body();
        Assert.Equal("Accepted", body["status"]!.GetValue<string>());
        Assert.Equal("ea-1", body["acceptedBy"]!["id"]!.GetValue<string>());
        Assert.Equal(2, body["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_national_analyst_accepts_in_any_region()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(NationalAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task accepting_twice_is_refused_with_409()
    {
        var id = await Accepted();
        var before = await Written();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"2\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("already-accepted", problem["rule"]!.GetValue<string>());
        Assert.Equal(before, await Written());
    }

    [Fact]
    public async Task a_command_without_if_match_is_428_and_writes_nothing()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/accept");

        await response.ShouldBeProblem(HttpStatusCode.PreconditionRequired);
        Assert.Equal(1, (await Written()).Events);
    }

    [Theory]
    [InlineData("\"7\"")]
    [InlineData("W/\"1\"")]
    [InlineData("not-an-etag")]
    public async Task a_command_with_a_stale_or_unusable_if_match_is_412_and_writes_nothing(string ifMatch)
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: ifMatch);

        await response.ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, (await Written()).Events);
    }

    [Fact]
    public async Task if_match_star_accepts_whatever_version_is_current()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "*");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task of_two_racing_commands_on_one_version_one_wins_and_the_other_is_412()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var responses = await Task.WhenAll(
            As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\""),
            As(NationalAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\""));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(2, (await Written()).Events);
    }

    public static TheoryData<string, TestUser, HttpStatusCode> WhoMayAccept => new()
    {
        { "an analyst of another region cannot see it", LondonAnalyst, HttpStatusCode.NotFound },
        { "another force's investigator cannot see it", SuffolkInvestigator, HttpStatusCode.NotFound },
        { "the owning force's investigator is not TOEX", NorfolkInvestigator, HttpStatusCode.Forbidden },
        { "a TOEX supervisor is not an analyst", EasternSupervisor, HttpStatusCode.Forbidden },
        { "a disclosure officer of the owning force", NorfolkDisclosure, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(WhoMayAccept))]
    public async Task only_a_TOEX_analyst_of_the_region_may_accept(string why, TestUser user, HttpStatusCode expected)
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(user).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");

        await response.ShouldBeProblem(expected);
        Assert.Equal(1, (await Written()).Events);
        Assert.NotEmpty(why);
    }

    [Fact]
    public async Task commands_on_an_operation_that_does_not_exist_are_404()
    {
        var response = await As(NationalAnalyst).Post($"/api/operations/{Guid.NewGuid()}/accept", ifMatch: "\"1\"");

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_analyst_assigns_analysts_to_an_accepted_operation()
    {
        var id = await Accepted();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/assign",
            new { analystId = "ea-2", analystName = "Felicity Davis" }, ifMatch: "\"2\"");

        await response.ShouldBe(HttpStatusCode.OK);
        var analyst = (await response.Body())["analysts"]!.AsArray().Single()!;
        Assert.Equal("ea-2", analyst["id"]!.GetValue<string>());
        Assert.Equal("Felicity Davis", analyst["name"]!.GetValue<string>());
        Assert.Equal("ea-1", analyst["assignedBy"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task assigning_before_accepting_is_refused()
    {
        var id = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/assign",
            new { analystId = "ea-2", analystName = "Felicity Davis" }, ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("not-accepted", problem["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task assigning_the_same_analyst_twice_is_refused()
    {
        var id = await Accepted();
        await As(EasternAnalyst).Post($"/api/operations/{id}/assign", new { analystId = "ea-2", analystName = "F" }, ifMatch: "\"2\"");

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/assign", new { analystId = "ea-2", analystName = "F" }, ifMatch: "\"3\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("already-assigned", problem["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_investigator_cannot_assign_analysts()
    {
        var id = await Accepted();

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{id}/assign",
            new { analystId = "ea-2", analystName = "F" }, ifMatch: "\"2\"");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_investigator_records_outcomes()
    {
        var id = await Accepted();

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{id}/outcomes",
            new { kind = "VictimIdentified", summary = "Victim linked to three phone numbers", count = 1 }, ifMatch: "\"2\"");

        await response.ShouldBe(HttpStatusCode.OK);
        var outcome = (await response.Body())["outcomes"]!.AsArray().Single()!;
        Assert.Equal("VictimIdentified", outcome["kind"]!.GetValue<string>());
        Assert.Equal(1, outcome["count"]!.GetValue<int>());
        Assert.Equal("n-inv-1", outcome["recordedBy"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_analyst_cannot_record_outcomes()
    {
        var id = await Accepted();

        var response = await As(EasternAnalyst).Post($"/api/operations/{id}/outcomes",
            new { kind = "Arrest", summary = "s", count = 1 }, ifMatch: "\"2\"");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task sharing_with_another_force_lets_it_see_the_operation_but_not_act_as_owner()
    {
        var id = await Accepted();

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{id}/share",
            new { with = "west-yorkshire", reason = "Suspects active in Leeds" }, ifMatch: "\"2\"");

        await response.ShouldBe(HttpStatusCode.OK);
        var seen = await As(WestYorkshireInvestigator).GetJson($"/api/operations/{id}");
        Assert.Equal(["west-yorkshire"], seen["sharedWith"]!.AsArray().Select(x => x!.GetValue<string>()));
        var listed = await As(WestYorkshireInvestigator).GetJson("/api/operations");
        Assert.Equal(id, listed["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>());
        var outcome = await As(WestYorkshireInvestigator).Post($"/api/operations/{id}/outcomes",
            new { kind = "Arrest", summary = "s", count = 1 }, ifMatch: "\"3\"");
        await outcome.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_analyst_escalates_to_the_NCA_by_sharing()
    {
        var id = await Accepted();

        await (await As(EasternAnalyst).Post($"/api/operations/{id}/share",
            new { with = "nca", reason = "Highest-scoring OCG threat in the region" }, ifMatch: "\"2\"")).ShouldBe(HttpStatusCode.OK);

        var seen = await As(NcaOfficer).GetJson($"/api/operations/{id}");
        Assert.Equal("eastern", seen["region"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("norfolk", "share-owner")]
    [InlineData("suffolk", "already-shared")]
    public async Task sharing_with_the_owner_or_twice_is_refused(string with, string rule)
    {
        var id = await Accepted();
        await As(NorfolkInvestigator).Post($"/api/operations/{id}/share", new { with = "suffolk", reason = "r" }, ifMatch: "\"2\"");

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{id}/share", new { with, reason = "r" }, ifMatch: "\"3\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(rule, problem["rule"]!.GetValue<string>());
    }

    public static TheoryData<string, TestUser> MayClose => new()
    {
        { "the owning force's investigator", NorfolkInvestigator },
        { "a TOEX analyst of the region", EasternAnalyst },
        { "a TOEX supervisor of the region", EasternSupervisor },
    };

    [Theory]
    [MemberData(nameof(MayClose))]
    public async Task the_owning_force_or_TOEX_closes_an_operation(string who, TestUser user)
    {
        var id = await Accepted();

        var response = await As(user).Post($"/api/operations/{id}/close", new { reason = "Charged and handed to CPS" }, ifMatch: "\"2\"");

        await response.ShouldBe(HttpStatusCode.OK);
        var body = await response.Body();
        Assert.Equal("Closed", body["status"]!.GetValue<string>());
        Assert.Equal("Charged and handed to CPS", body["closedReason"]!.GetValue<string>());
        Assert.NotEmpty(who);
    }

    [Fact]
    public async Task a_force_the_operation_was_shared_with_cannot_close_it()
    {
        var id = await Accepted();
        await As(NorfolkInvestigator).Post($"/api/operations/{id}/share", new { with = "suffolk", reason = "r" }, ifMatch: "\"2\"");

        var response = await As(SuffolkInvestigator).Post($"/api/operations/{id}/close", new { reason = "r" }, ifMatch: "\"3\"");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_closed_operation_refuses_changes_until_reopened_and_then_stands_where_it_was()
    {
        var id = await Accepted();
        await As(NorfolkInvestigator).Post($"/api/operations/{id}/close", new { reason = "No further lines" }, ifMatch: "\"2\"");

        var outcome = await As(NorfolkInvestigator).Post($"/api/operations/{id}/outcomes",
            new { kind = "Arrest", summary = "s", count = 1 }, ifMatch: "\"3\"");
        var closeAgain = await As(NorfolkInvestigator).Post($"/api/operations/{id}/close", new { reason = "again" }, ifMatch: "\"3\"");
        var reopen = await As(NorfolkInvestigator).Post($"/api/operations/{id}/reopen", new { reason = "New intelligence" }, ifMatch: "\"3\"");

        Assert.Equal("operation-closed", (await outcome.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
        Assert.Equal("operation-closed", (await closeAgain.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
        await reopen.ShouldBe(HttpStatusCode.OK);
        var body = await reopen.Body();
        Assert.Equal("Accepted", body["status"]!.GetValue<string>());
        Assert.Null(body["closedAt"]);
        Assert.Equal(4, body["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task reopening_an_open_operation_is_refused()
    {
        var id = await Accepted();

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{id}/reopen", new { reason = "r" }, ifMatch: "\"2\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("not-closed", problem["rule"]!.GetValue<string>());
    }
}
