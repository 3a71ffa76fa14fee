using Toex.Cases.Api.Operations;

namespace Toex.Cases.Api;

public static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = Group(app, "/api/operations", "Operations");
        var materials = Group(app, "/api/materials", "Materials");
        var runs = Group(app, "/api/tool-runs", "Tool runs");
        var admin = Group(app, "/api/admin", "Admin");
        Tasking.Map(group);
        Reading.Map(group);
        Accepting.Map(group);
        Assigning.Map(group);
        RecordingOutcomes.Map(group);
        Sharing.Map(group);
        Closing.Map(group);
        Materials.Registering.Map(group);
        Materials.Reading.Map(group, materials);
        ToolRuns.Requesting.Map(group);
        ToolRuns.Reading.Map(group, runs);
        ToolRuns.Cancelling.Map(runs);
        ToolRuns.Retracting.Map(runs);
        Findings.Recording.Map(group);
        Disclosure.Auditing.Map(group);
        Disclosure.Deciding.Map(materials);
        Disclosure.Schedules.Map(group);
        Disclosure.DigitalStrategy.Map(group);
        Admin.DeadLetters.Map(admin);
        Admin.SearchIndex.Map(admin);
        Search.Searching.Map(app);
        Search.KeywordTriaging.Map(group);
    }

    private static RouteGroupBuilder Group(IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix).RequireAuthorization().WithTags(tag)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
