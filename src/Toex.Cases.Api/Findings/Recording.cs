using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Api.ToolRuns;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Findings;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Projections.Findings;
using Toex.Cases.Projections.ToolRuns;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Findings;

public sealed record RecordFindingRequest(
    FindingKind? Kind, string? Summary, List<Guid>? ArtefactIds, List<Guid>? ToolRunIds, EvidentialValue? EvidentialValue, Guid? Supersedes);

public sealed record FindingList(IReadOnlyList<FindingDetails> Items, int Total, int Current);

/// <summary>
/// Findings cite their provenance: artefacts (as listed by the artefact read model, so an artefact
/// is citable once it is listed) and tool runs of the same operation. A correction is a new finding
/// that supersedes the earlier one; both stay on the record.
/// </summary>
public static class Recording
{
    public const int MaxProvenance = 1000;

    public static void Map(RouteGroupBuilder operations)
    {
        operations.MapPost("{id:guid}/findings", Post).WithName("RecordFinding").WithTags("Findings")
            .WithSummary("Record a finding with its provenance; 'supersedes' corrects an earlier one")
            .Accepts<RecordFindingRequest>("application/json").Produces<FindingDetails>(StatusCodes.Status201Created);
        operations.MapGet("{id:guid}/findings", List).WithName("ListFindings").WithTags("Findings")
            .WithSummary("Every finding of the operation, superseded ones included, with provenance").Produces<FindingList>();
    }

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, IOptions<JsonOptions> json)
    {
        var user = http.User.ToUser();
        var operation = await session.FindVisibleAsync(user, id, http.RequestAborted);
        if (operation is null) return Problems.NotFound("operation");
        if (Permissions.ToRecordFinding(user, operation.Force) is not { } role)
            return Problems.Forbidden("Only a TOEX analyst or an investigator of the owning force can record findings.");

        var (request, problem) = await JsonBody.ReadAsync<RecordFindingRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;
        var v = new Validation();
        var kind = v.Required("kind", request!.Kind);
        var summary = v.Text("summary", request.Summary, Limits.Summary);
        var value = v.Required("evidentialValue", request.EvidentialValue);
        var artefactIds = (request.ArtefactIds ?? []).Distinct().ToArray();
        var runIds = (request.ToolRunIds ?? []).Distinct().ToArray();
        if (artefactIds.Length > MaxProvenance) v.Add("artefactIds", $"At most {MaxProvenance}.");
        if (runIds.Length > MaxProvenance) v.Add("toolRunIds", $"At most {MaxProvenance}.");
        if (v.IsValid)
        {
            var artefacts = (await session.FindArtefactsAsync(artefactIds, http.RequestAborted))
                .Where(a => a.OperationId == id).Select(a => a.Id).ToList();
            foreach (var missing in artefactIds.Except(artefacts))
                v.Add("artefactIds", $"{missing} is not a listed artefact of this operation.");
            var runs = await session.Query<ToolRunDetails>().Where(r => r.Id.IsOneOf(runIds) && r.OperationId == id)
                .Select(r => r.Id).ToListAsync(http.RequestAborted);
            foreach (var missing in runIds.Except(runs))
                v.Add("toolRunIds", $"{missing} is not a tool run of this operation.");
        }
        if (!v.IsValid) return v.Problem();

        var command = new RecordFinding(Guid.CreateVersion7(), id, kind, summary, artefactIds, runIds, value, request.Supersedes,
            user.As(role));
        await bus.InvokeAsync(command, http.RequestAborted);
        var finding = await session.LoadAsync<FindingDetails>(command.FindingId, http.RequestAborted);
        return TypedResults.Created($"/api/operations/{id}/findings/{command.FindingId}", finding);
    }

    private static async Task<IResult> List(HttpContext http, Guid id, IQuerySession session)
    {
        if (await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("operation");
        var findings = await session.Query<FindingDetails>().Where(f => f.OperationId == id)
            .OrderBy(f => f.RecordedAt).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new FindingList(findings, findings.Count, findings.Count(f => f.SupersededBy == null)));
    }
}

public static class RecordFindingHandler
{
    public static async Task Handle(RecordFinding command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var operation = await session.Events.FetchLatest<Operation>(command.OperationId, cancellation)
            ?? throw new InvalidOperationException($"Operation {command.OperationId} has no stream.");
        SupersededFinding? earlier = null;
        if (command.Supersedes is { } supersedes)
        {
            // Fetched for writing: two corrections racing to supersede one finding cannot both succeed.
            var stream = await session.Events.FetchForWriting<FindingDetails>(supersedes, cancellation);
            if (stream.Aggregate is { } found) earlier = new SupersededFinding(found.Id, found.OperationId, found.SupersededBy);
        }
        foreach (var e in FindingDecisions.Decide(operation, command, earlier, clock.GetUtcNow()))
        {
            if (e is FindingRecorded recorded) session.Events.StartStream(recorded.FindingId, recorded);
            else session.Events.Append(((FindingSuperseded)e).FindingId, e);
        }
    }
}
