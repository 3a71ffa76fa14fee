using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Operations;

public sealed record TaskOperationRequest(string? Name, List<ThreatCategory>? Threats, string? Summary, Priority? Priority);

public sealed record OperationCreated(Guid Id, int Version);

/// <summary>The tasking command as the API sends it: the domain command plus its idempotency claim.</summary>
public sealed record StartOperation(TaskOperation Command, IdempotencyClaim? Idempotency) : IActorCommand
{
    public Actor By => Command.By;
}

public sealed record StartedOperation(Guid Id, int Version, bool Replayed);

public static class Tasking
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("", Post)
        .WithName("TaskOperation")
        .WithSummary("Task TOEX with a new operation (Investigator of a police force)")
        .Accepts<TaskOperationRequest>("application/json")
        .Produces<OperationCreated>(StatusCodes.Status201Created);

    private static async Task<IResult> Post(HttpContext http, IMessageBus bus, IOptions<JsonOptions> json)
    {
        var user = http.User.ToUser();
        if (Permissions.ToTask(user) is not { } role)
            return Problems.Forbidden("Only an investigator of a police force can task TOEX.");

        var (request, problem) = await JsonBody.ReadAsync<TaskOperationRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;
        var (claim, keyProblem) = IdempotencyClaim.From(http.Request, user, "operations", request!, json.Value.SerializerOptions);
        if (keyProblem is not null) return keyProblem;

        var validation = new Validation();
        var name = validation.Text("name", request!.Name, Limits.Name);
        var summary = validation.Text("summary", request.Summary, Limits.Summary);
        var priority = validation.Required("priority", request.Priority);
        if (request.Threats is null || request.Threats.Count == 0) validation.Add("threats", "At least one threat category.");
        if (!validation.IsValid) return validation.Problem();

        var command = new TaskOperation(Guid.CreateVersion7(), name, request.Threats!, priority, summary, user.As(role));

        var started = await bus.InvokeAsync<StartedOperation>(new StartOperation(command, claim), http.RequestAborted);
        if (started.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.SetETag(started.Version);
        return TypedResults.Created($"/api/operations/{started.Id}", new OperationCreated(started.Id, started.Version));
    }
}

public static class StartOperationHandler
{
    public static async Task<StartedOperation> Handle(
        StartOperation message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (message.Idempotency is { } claim && await claim.EarlierAsync(session, cancellation) is { } earlier)
            return new StartedOperation(earlier.ResourceId, earlier.Version, Replayed: true);

        var tasked = OperationDecisions.Decide(message.Command, now);
        session.Events.StartStream<Operation>(tasked.OperationId, tasked);
        message.Idempotency?.Record(session, tasked.OperationId, 1, now);
        return new StartedOperation(tasked.OperationId, 1, Replayed: false);
    }
}
