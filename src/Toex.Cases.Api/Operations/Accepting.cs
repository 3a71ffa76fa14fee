using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Wolverine.Marten;

namespace Toex.Cases.Api.Operations;

public static class Accepting
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("{id:guid}/accept", (HttpContext http, Guid id) =>
            OperationCommandPipeline.Execute<NoBody>(http, id,
                (user, _) => Permissions.ToAccept(user),
                "Only a TOEX analyst of the operation's region can accept it.",
                (_, _, actor, version) => new AcceptOperation(id, version, actor)))
        .WithName("AcceptOperation").WithSummary("Accept a tasking for TOEX (TOEX Analyst of the region)");
}

public static class AcceptOperationHandler
{
    [AggregateHandler]
    public static OperationAccepted Handle(AcceptOperation command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}
