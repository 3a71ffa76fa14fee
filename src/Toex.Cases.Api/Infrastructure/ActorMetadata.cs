using Marten;
using Toex.Cases.Domain.Access;
using Wolverine;

namespace Toex.Cases.Api.Infrastructure;

/// <summary>
/// Wolverine middleware for every handler of an <see cref="IActorCommand"/>: records the actor in
/// Marten's event metadata (user name and headers). Wolverine already sets the correlation and
/// causation ids on the session from the message envelope.
/// </summary>
public static class ActorMetadataMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        if (envelope.Message is IActorCommand command) session.RecordActor(command.By);
    }

    /// <summary>The tool runner acts on the requester's behalf; both are recorded.</summary>
    public static void RecordRunner(this IDocumentSession session, Domain.ToolRuns.ToolRun run)
    {
        session.LastModifiedBy = Domain.ToolRuns.ToolRunDecisions.Runner.Id;
        foreach (var (key, value) in RunnerHeaders(run)) session.SetHeader(key, value);
    }

    /// <summary>The headers <see cref="RecordRunner"/> puts on the events the runner appends.</summary>
    public static IReadOnlyDictionary<string, object> RunnerHeaders(Domain.ToolRuns.ToolRun run) =>
        new Dictionary<string, object>(ActorHeaders(Domain.ToolRuns.ToolRunDecisions.Runner))
        {
            ["on-behalf-of"] = run.RequestedBy.Id,
            ["tool-run"] = run.Id.ToString(),
        };

    public static void RecordActor(this IDocumentSession session, Actor actor)
    {
        session.LastModifiedBy = actor.Id;
        foreach (var (key, value) in ActorHeaders(actor)) session.SetHeader(key, value);
    }

    private static Dictionary<string, object> ActorHeaders(Actor actor) => new()
    {
        ["actor-id"] = actor.Id,
        ["actor-name"] = actor.Name,
        ["actor-force"] = actor.Force,
        ["actor-role"] = actor.Role.ToString(),
    };
}
