using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Wolverine.Marten;

namespace Toex.Cases.Api.Operations;

public sealed record RecordOutcomeRequest(OutcomeKind? Kind, string? Summary, int? Count);

public static class RecordingOutcomes
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("{id:guid}/outcomes", (HttpContext http, Guid id) =>
            OperationCommandPipeline.Execute<RecordOutcomeRequest>(http, id,
                (user, op) => Permissions.ToRecordOutcome(user, op.Force),
                "Only an investigator of the owning force can record outcomes.",
                (body, v, actor, version) =>
                {
                    var kind = v.Required("kind", body.Kind);
                    var summary = v.Text("summary", body.Summary, Limits.Summary);
                    var count = body.Count ?? 1;
                    if (count is < 1 or > Limits.OutcomeCount) v.Add("count", $"Between 1 and {Limits.OutcomeCount}.");
                    return new RecordOutcome(id, version, Guid.CreateVersion7(), kind, summary, count, actor);
                }))
        .Accepts<RecordOutcomeRequest>("application/json")
        .WithName("RecordOutcome").WithSummary("Record an outcome: arrest, charge, safeguarding referral, ... (Investigator of the owning force)");
}

public static class RecordOutcomeHandler
{
    [AggregateHandler]
    public static OutcomeRecorded Handle(RecordOutcome command, Operation operation, TimeProvider clock) =>
        OperationDecisions.Decide(operation, command, clock.GetUtcNow());
}
