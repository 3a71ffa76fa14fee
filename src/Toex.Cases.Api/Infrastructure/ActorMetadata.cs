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
        session.RecordActor(Domain.ToolRuns.ToolRunDecisions.Runner);
        session.SetHeader("on-behalf-of", run.RequestedBy.Id);
        session.SetHeader("tool-run", run.Id.ToString());
    }

    public static void RecordActor(this IDocumentSession session, Actor actor)
    {
        session.LastModifiedBy = actor.Id;
        session.SetHeader("actor-id", actor.Id);
        session.SetHeader("actor-name", actor.Name);
        session.SetHeader("actor-force", actor.Force);
        session.SetHeader("actor-role", actor.Role.ToString());
    }
}
