using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Reference;
using Wolverine.Marten;

namespace Toex.Cases.Api.Operations;

public sealed record ShareOperationRequest(string? With, string? Reason);

public static class Sharing
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("{id:guid}/share", (HttpContext http, Guid id) =>
            OperationCommandPipeline.Execute<ShareOperationRequest>(http, id,
                (user, op) => Permissions.ToShare(user, op.Force),
                "Only an investigator of the owning force or a TOEX analyst can share an operation.",
                (body, v, actor, version) =>
                {
                    var with = v.Text("with", body.With, 100);
                    if (with.Length > 0 && Forces.Find(with) is null or { Kind: OrganisationKind.Toex })
                        v.Add("with", "Not a known force or agency id (for example 'west-yorkshire' or 'nca').");
                    return new ShareOperation(id, version, with, v.Text("reason", body.Reason, Limits.Reason), actor);
                }))
        .Accepts<ShareOperationRequest>("application/json")
        .WithName("ShareOperation").WithSummary("Share an operation with another force or an agency such as the NCA");
}

public static class ShareOperationHandler
{
    [AggregateHandler]
    public static OperationShared Handle(ShareOperation command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}
