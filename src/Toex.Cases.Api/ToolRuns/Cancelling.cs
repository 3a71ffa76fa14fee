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

public sealed record CancelToolRunRequest(string? Reason);

public static class Cancelling
{
    public static void Map(RouteGroupBuilder runs) => runs.MapPost("{id:guid}/cancel", Post)
        .WithName("CancelToolRun")
        .WithSummary("Cancel a queued or running run; a running one stops between batches, keeping what it produced")
        .Accepts<CancelToolRunRequest>("application/json");

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, IOptions<JsonOptions> json)
    {
        var (run, role, refusal) = await Reading.ForActionAsync(http, session, id, "cancel tool runs");
        if (refusal is not null) return refusal;

        string? reason = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<CancelToolRunRequest>(http.Request, json.Value.SerializerOptions);
            if (problem is not null) return problem;
            var v = new Validation();
            if (body!.Reason is { Length: > Domain.Operations.Limits.Reason }) v.Add("reason", $"At most {Domain.Operations.Limits.Reason} characters.");
            if (!v.IsValid) return v.Problem();
            reason = body.Reason;
        }

        await bus.InvokeAsync(new CancelToolRun(run!.Id, reason, http.User.ToUser().As(role)), http.RequestAborted);
        return TypedResults.Ok(await session.LoadAsync<Projections.ToolRuns.ToolRunDetails>(id, http.RequestAborted));
    }
}

public static class CancelToolRunHandler
{
    [AggregateHandler]
    public static ToolRunCancelled Handle(CancelToolRun command, ToolRun run, TimeProvider clock) =>
        ToolRunDecisions.Decide(run, command, clock.GetUtcNow());
}
