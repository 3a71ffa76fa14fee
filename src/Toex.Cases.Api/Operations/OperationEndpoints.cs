namespace Toex.Cases.Api.Operations;

public static class OperationEndpoints
{
    public static void MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operations").RequireAuthorization().WithTags("Operations")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        Tasking.Map(group);
        Reading.Map(group);
        Accepting.Map(group);
        Assigning.Map(group);
        RecordingOutcomes.Map(group);
        Sharing.Map(group);
        Closing.Map(group);
    }
}
