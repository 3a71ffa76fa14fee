using System.Net;
using System.Text;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Operations;

/// <summary>Every kind of bad input gets a problem response and writes nothing.</summary>
public sealed class BadInputTests(AppFixture fixture) : ApiTest(fixture)
{
    private const string Valid = """{"name":"Op","threats":["Trafficking"],"summary":"s","priority":"Low"}""";

    public static TheoryData<string, string, string> BadTaskings => new()
    {
        { "malformed JSON", """{"name": "Op", """, "$" },
        { "an array instead of an object", "[]", "$" },
        { "JSON null", "null", "$" },
        { "no name", """{"threats":["Trafficking"],"summary":"s","priority":"Low"}""", "name" },
        { "a blank name", """{"name":"   ","threats":["Trafficking"],"summary":"s","priority":"Low"}""", "name" },
        { "a name over 200 characters", $$"""{"name":"{{new string('n', 201)}}","threats":["Trafficking"],"summary":"s","priority":"Low"}""", "name" },
        { "a summary over 4000 characters", $$"""{"name":"Op","threats":["Trafficking"],"summary":"{{new string('s', 4001)}}","priority":"Low"}""", "summary" },
        { "no threats", """{"name":"Op","summary":"s","priority":"Low"}""", "threats" },
        { "an empty list of threats", """{"name":"Op","threats":[],"summary":"s","priority":"Low"}""", "threats" },
        { "an unknown threat", """{"name":"Op","threats":["Burglary"],"summary":"s","priority":"Low"}""", "$.threats[0]" },
        { "an unknown priority", """{"name":"Op","threats":["Trafficking"],"summary":"s","priority":"Urgent"}""", "$.priority" },
        { "a priority given as a number", """{"name":"Op","threats":["Trafficking"],"summary":"s","priority":2}""", "$.priority" },
        { "a name given as a number", """{"name":42,"threats":["Trafficking"],"summary":"s","priority":"Low"}""", "$.name" },
        { "threats given as a string", """{"name":"Op","threats":"Trafficking","summary":"s","priority":"Low"}""", "$.threats" },
        { "no priority", """{"name":"Op","threats":["Trafficking"],"summary":"s"}""", "priority" },
    };

    [Theory]
    [MemberData(nameof(BadTaskings))]
    public async Task a_bad_tasking_is_a_400_problem_naming_the_field_and_writes_nothing(string why, string json, string field)
    {
        var response = await As(NorfolkInvestigator).Post("/api/operations", Http.Json(json));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        // A body that is not JSON at all is reported against the document ("$" or the path where parsing stopped).
        Assert.True(errors.ContainsKey(field) || (field == "$" && errors.Any(e => e.Key.StartsWith('$'))),
            $"{why}: expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.Equal((0, 0), await Written());
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_415_and_writes_nothing()
    {
        var response = await As(NorfolkInvestigator).Post("/api/operations", new StringContent(Valid, Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal((0, 0), await Written());
    }

    [Fact]
    public async Task a_body_over_64_KiB_is_413_and_writes_nothing()
    {
        var huge = $$"""{"name":"Op","threats":["Trafficking"],"summary":"{{new string('s', 70_000)}}","priority":"Low"}""";

        var response = await As(NorfolkInvestigator).Post("/api/operations", Http.Json(huge));

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal((0, 0), await Written());
    }

    [Fact]
    public async Task an_oversized_idempotency_key_is_400_and_writes_nothing()
    {
        var response = await As(NorfolkInvestigator).Post("/api/operations", Http.Json(Valid), idempotencyKey: new string('k', 256));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        Assert.Equal((0, 0), await Written());
    }

    public static TheoryData<string, string, object, string> BadCommands => new()
    {
        { "assign without an analyst id", "assign", new { analystName = "Bob" }, "analystId" },
        { "assign with a blank analyst name", "assign", new { analystId = "a2", analystName = " " }, "analystName" },
        { "an outcome of an unknown kind", "outcomes", new { kind = "Caution", summary = "s", count = 1 }, "$.kind" },
        { "an outcome counting zero", "outcomes", new { kind = "Arrest", summary = "s", count = 0 }, "count" },
        { "an outcome without a summary", "outcomes", new { kind = "Arrest", count = 1 }, "summary" },
        { "an outcome count given as text", "outcomes", new { kind = "Arrest", summary = "s", count = "two" }, "$.count" },
        { "sharing with an unknown force", "share", new { with = "atlantis", reason = "r" }, "with" },
        { "sharing with TOEX itself", "share", new { with = "toex", reason = "r" }, "with" },
        { "sharing without a reason", "share", new { with = "nca" }, "reason" },
        { "closing without a reason", "close", new { }, "reason" },
        { "closing with a reason over 2000 characters", "close", new { reason = new string('r', 2001) }, "reason" },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task a_bad_command_is_a_400_problem_naming_the_field_and_writes_nothing(string why, string action, object body, string field)
    {
        var id = await As(NorfolkInvestigator).TaskOperation();
        await As(EasternAnalyst).Post($"/api/operations/{id}/accept", ifMatch: "\"1\"");
        var actor = action is "assign" ? EasternAnalyst : NorfolkInvestigator;
        var before = await Written();

        var response = await As(actor).Post($"/api/operations/{id}/{action}", body, ifMatch: "\"2\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{why}: expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.Equal(before, await Written());
    }
}
