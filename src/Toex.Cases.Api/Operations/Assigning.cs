using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Wolverine.Marten;

namespace Toex.Cases.Api.Operations;

public sealed record AssignAnalystRequest(string? AnalystId, string? AnalystName);

public static class Assigning
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("{id:guid}/assign", (HttpContext http, Guid id) =>
            OperationCommandPipeline.Execute<AssignAnalystRequest>(http, id,
                (user, _) => Permissions.ToAssign(user),
                "Only a TOEX analyst of the operation's region can assign analysts.",
                (body, v, actor, version) => new AssignAnalyst(id, version,
                    v.Text("analystId", body.AnalystId, Limits.PersonId), v.Text("analystName", body.AnalystName, Limits.PersonName), actor)))
        .Accepts<AssignAnalystRequest>("application/json")
        .WithName("AssignAnalyst").WithSummary("Assign an analyst to an accepted operation (TOEX Analyst)");
}

public static class AssignAnalystHandler
{
    [AggregateHandler]
    public static AnalystAssigned Handle(AssignAnalyst command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}
