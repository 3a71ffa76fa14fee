using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Wolverine.Marten;

namespace Toex.Cases.Api.Operations;

public sealed record ReasonRequest(string? Reason);

public static class Closing
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("{id:guid}/close", (HttpContext http, Guid id) =>
                OperationCommandPipeline.Execute<ReasonRequest>(http, id,
                    (user, op) => Permissions.ToClose(user, op.Force),
                    "Only the owning force's investigators or TOEX can close an operation.",
                    (body, v, actor, version) => new CloseOperation(id, version, v.Text("reason", body.Reason, Limits.Reason), actor)))
            .Accepts<ReasonRequest>("application/json")
            .WithName("CloseOperation").WithSummary("Close an operation (owning force or TOEX)");

        group.MapPost("{id:guid}/reopen", (HttpContext http, Guid id) =>
                OperationCommandPipeline.Execute<ReasonRequest>(http, id,
                    (user, op) => Permissions.ToReopen(user, op.Force),
                    "Only the owning force's investigators or TOEX can reopen an operation.",
                    (body, v, actor, version) => new ReopenOperation(id, version, v.Text("reason", body.Reason, Limits.Reason), actor)))
            .Accepts<ReasonRequest>("application/json")
            .WithName("ReopenOperation").WithSummary("Reopen a closed operation (owning force or TOEX)");
    }
}

public static class CloseOperationHandler
{
    [AggregateHandler]
    public static OperationClosed Handle(CloseOperation command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}

public static class ReopenOperationHandler
{
    [AggregateHandler]
    public static OperationReopened Handle(ReopenOperation command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}
