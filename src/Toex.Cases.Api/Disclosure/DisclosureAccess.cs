using Marten;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Projections.Operations;
using Wolverine;

namespace Toex.Cases.Api.Disclosure;

/// <summary>The operation a disclosure route is about, and the caller acting on it.</summary>
public sealed record DisclosureCaller(OperationDetails Operation, Actor Actor);

public static class DisclosureAccess
{
    /// <summary>
    /// Visible (else 404, as for a missing id), then the owning force's disclosure officer or an
    /// Admin (else 403): the audit trail and the schedules, MG6D's sensitive material included,
    /// are for them alone.
    /// </summary>
    public static async Task<(DisclosureCaller? Caller, IResult? Refusal)> ReaderAsync(HttpContext http, IQuerySession session, Guid operationId)
    {
        var user = http.User.ToUser();
        var operation = await session.FindVisibleAsync(user, operationId, http.RequestAborted);
        if (operation is null) return (null, Problems.NotFound("operation"));
        return Permissions.ToReadDisclosure(user, operation.Force) is { } role
            ? (new DisclosureCaller(operation, user.As(role)), null)
            : (null, Problems.Forbidden("The audit trail and the disclosure schedules are for the owning force's disclosure officer and for Admins."));
    }

    /// <summary>Records that a disclosure record left the system: the trail shows who exported what.</summary>
    public static Task RecordExportAsync(this IMessageBus bus, DisclosureCaller caller, DisclosureExport export, string format, long entries,
        CancellationToken cancellationToken, int? version = null) =>
        bus.InvokeAsync(new RecordDisclosureExport(caller.Operation.Id, export, format, version, entries, caller.Actor), cancellationToken);

    /// <summary>The media type a reader asked for among those offered, the first when the request names none of them.</summary>
    public static string Negotiate(HttpRequest request, params string[] offered)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return offered[0];
        foreach (var type in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var match = offered.FirstOrDefault(o => type.MediaType.Equals(o, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match;
            if (type.MediaType.Value is "*/*" or "application/*") return offered[0];
        }
        return "";
    }

    public static IResult NotAcceptable(params string[] offered) => Problems.Problem(StatusCodes.Status406NotAcceptable, "Not acceptable",
        $"This resource is available as {string.Join(", ", offered)}.");
}

public sealed record RecordDisclosureExport(
    Guid OperationId, DisclosureExport Export, string Format, int? Version, long Entries, Actor By) : IActorCommand;

public sealed record RecordChainVerification(
    Guid OperationId, bool Valid, long Entries, long? FirstBrokenSequence, AuditChainAnchor Anchor, Actor By) : IActorCommand;

public static class RecordDisclosureExportHandler
{
    public static void Handle(RecordDisclosureExport command, IDocumentSession session, TimeProvider clock) =>
        session.Events.Append(DisclosureStreams.For(command.OperationId), new DisclosureExported(
            command.OperationId, command.Export, command.Format, command.Version, command.Entries, command.By, clock.GetUtcNow()));
}

public static class RecordChainVerificationHandler
{
    public static void Handle(RecordChainVerification command, IDocumentSession session, TimeProvider clock) =>
        session.Events.Append(DisclosureStreams.For(command.OperationId), new AuditChainVerified(
            command.OperationId, command.Valid, command.Entries, command.FirstBrokenSequence, command.Anchor, command.By, clock.GetUtcNow()));
}
