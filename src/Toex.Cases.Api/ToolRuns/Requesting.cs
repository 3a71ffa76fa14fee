using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.ToolRuns;

public sealed record ToolRunRequest(Tool? Tool, List<Guid>? MaterialIds, JsonElement? Parameters);

public sealed record ToolRunAccepted(Guid Id);

/// <summary>The request as the API sends it: the domain command and its idempotency claim.</summary>
public sealed record StartToolRun(RequestToolRun Command, IdempotencyClaim? Idempotency) : IActorCommand
{
    public Actor By => Command.By;
}

public sealed record StartedToolRun(Guid Id, bool Replayed);

/// <summary>The message the tool runner handles, from a durable queue.</summary>
public sealed record ExecuteToolRun(Guid RunId);

public static class Requesting
{
    public const int MaxMaterials = 100;

    public static void Map(RouteGroupBuilder operations) => operations.MapPost("{id:guid}/tool-runs", Post)
        .WithName("RequestToolRun").WithTags("Tool runs")
        .WithSummary("Ask for a tool run (translate, transcribe, triage) on the operation's material → 202")
        .Accepts<ToolRunRequest>("application/json")
        .Produces<ToolRunAccepted>(StatusCodes.Status202Accepted);

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, IMessageBus bus,
        IOptions<JsonOptions> json)
    {
        var user = http.User.ToUser();
        var operation = await session.FindVisibleAsync(user, id, http.RequestAborted);
        if (operation is null) return Problems.NotFound("operation");
        if (Permissions.ToRequestToolRun(user, operation.Force) is not { } role)
            return Problems.Forbidden("Only an investigator of the owning force or a TOEX analyst can ask for tool runs.");

        var options = json.Value.SerializerOptions;
        var (request, problem) = await JsonBody.ReadAsync<ToolRunRequest>(http.Request, options);
        if (problem is not null) return problem;
        var v = new Validation();
        var tool = v.Required("tool", request!.Tool);
        if (request.MaterialIds is null || request.MaterialIds.Count == 0) v.Add("materialIds", "At least one material id.");
        else if (request.MaterialIds.Count > MaxMaterials) v.Add("materialIds", $"At most {MaxMaterials} materials per run.");
        var parameters = request.Tool is null ? new ToolParameters() : Parameters.Read(tool, request.Parameters, v);
        if (!v.IsValid) return v.Problem();

        var materialIds = request.MaterialIds!.Distinct().ToList();
        var materials = await session.LoadManyAsync<MaterialDetails>(http.RequestAborted, materialIds);
        if (materials.Count != materialIds.Count || materials.Any(m => m.OperationId != id))
            return Problems.NotFound("material on this operation");
        if (tool == Tool.Transcribe && materials.FirstOrDefault(m => !IsMedia(m.MediaType)) is { } notMedia)
            return Problems.Invalid("materialIds", $"{notMedia.ExhibitRef} is {notMedia.MediaType}, not audio or video.");

        var (claim, keyProblem) = IdempotencyClaim.From(http.Request, user, $"operations/{id}/tool-runs", request, options);
        if (keyProblem is not null) return keyProblem;

        var command = new RequestToolRun(Guid.CreateVersion7(), id, tool, materialIds, parameters, user.As(role));
        var started = await bus.InvokeAsync<StartedToolRun>(new StartToolRun(command, claim), http.RequestAborted);
        if (started.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.Headers.Location = $"/api/tool-runs/{started.Id}";
        return TypedResults.Json(new ToolRunAccepted(started.Id), options, statusCode: StatusCodes.Status202Accepted);
    }

    private static bool IsMedia(string mediaType) =>
        mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);
}

public static class StartToolRunHandler
{
    /// <summary>
    /// Appends ToolRunRequested and publishes ExecuteToolRun through Wolverine's transactional
    /// outbox: the message is stored in the same transaction as the event, so a run is never
    /// requested without being queued, nor queued without being requested.
    /// </summary>
    public static async Task<StartedToolRun> Handle(StartToolRun message, IDocumentSession session, IMessageContext bus,
        TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (message.Idempotency is { } claim && await claim.EarlierAsync(session, cancellation) is { } earlier)
            return new StartedToolRun(earlier.ResourceId, Replayed: true);

        var operation = await session.Events.FetchLatest<Operation>(message.Command.OperationId, cancellation);
        if (operation?.Status == OperationStatus.Closed)
            throw new RuleRefused("operation-closed", "The operation is closed; reopen it before running tools.");
        var requested = ToolRunDecisions.Decide(message.Command, now);
        session.Events.StartStream<ToolRun>(requested.RunId, requested);
        message.Idempotency?.Record(session, requested.RunId, 1, now);
        await bus.PublishAsync(new ExecuteToolRun(requested.RunId));
        return new StartedToolRun(requested.RunId, Replayed: false);
    }
}
