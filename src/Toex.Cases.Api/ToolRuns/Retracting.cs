using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.ToolRuns;
using Wolverine;
using Wolverine.Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.ToolRuns;

public sealed record RetractToolRunRequest(string? Reason);

/// <summary>
/// Withdraws a finished run's output: its artefacts stay on the record (and in the audit trail),
/// the run shows who retracted it and why, and the artefacts leave the search views.
/// </summary>
public static class Retracting
{
    public static void Map(RouteGroupBuilder runs) => runs.MapPost("{id:guid}/retract", Post)
        .WithName("RetractToolRun")
        .WithSummary("Withdraw a finished run's output (reason required): kept on the record, removed from search")
        .Accepts<RetractToolRunRequest>("application/json").ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, IOptions<JsonOptions> json)
    {
        var (run, role, refusal) = await Reading.ForActionAsync(http, session, id, "retract a run's output");
        if (refusal is not null) return refusal;
        var (body, problem) = await JsonBody.ReadAsync<RetractToolRunRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;
        var v = new Validation();
        var reason = v.Text("reason", body!.Reason, Domain.Operations.Limits.Reason);
        if (!v.IsValid) return v.Problem();

        await bus.InvokeAsync(new RetractToolRun(run!.Id, reason, http.User.ToUser().As(role)), http.RequestAborted);
        return TypedResults.Ok(await session.LoadAsync<Projections.ToolRuns.ToolRunDetails>(id, http.RequestAborted));
    }
}

public static class RetractToolRunHandler
{
    [AggregateHandler]
    public static ToolRunRetracted Handle(RetractToolRun command, ToolRun run, TimeProvider clock) =>
        ToolRunDecisions.Decide(run, command, clock.GetUtcNow());
}
