using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Projections.Materials;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Disclosure;

public sealed record RelevanceRequest(
    bool? Relevant, bool? Sensitive, string? Description, string? Location, string? Reason, string? SensitivityReason);

public sealed record RelevanceDecision(
    Guid MaterialId, Guid OperationId, string ExhibitRef, bool Relevant, bool Sensitive, string Description, string Location, string Reason,
    string? SensitivityReason, int? Mg6cItem, int? Mg6dItem, Actor DecidedBy, DateTimeOffset DecidedAt);

public sealed record RelevanceHistory(RelevanceDecision? Current, IReadOnlyList<RelevanceDecision> Decisions);

/// <summary>CPIA relevance and sensitivity decisions on an exhibit, by the owning force's disclosure officer.</summary>
public static class Deciding
{
    public const int MaxText = 4000;
    private const int Attempts = 3;

    public static void Map(RouteGroupBuilder materials)
    {
        materials.MapPost("{id:guid}/relevance", Post).WithName("DecideRelevance").WithTags("Disclosure")
            .WithSummary("Record a relevance and sensitivity decision (disclosure officer of the owning force); a later one supersedes it")
            .Accepts<RelevanceRequest>("application/json").Produces<RelevanceDecision>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        materials.MapGet("{id:guid}/relevance", Get).WithName("GetRelevance").WithTags("Disclosure")
            .WithSummary("The current decision on an exhibit and every earlier one").Produces<RelevanceHistory>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, IOptions<JsonOptions> json)
    {
        var user = http.User.ToUser();
        var (material, operation) = await Materials.Reading.FindVisibleWithOperationAsync(session, user, id, http.RequestAborted);
        if (material is null || operation is null) return Problems.NotFound("material");
        if (Permissions.ToDecideRelevance(user, operation.Force) is not { } role)
            return Problems.Forbidden("Relevance and sensitivity decisions are made by the disclosure officer of the owning force.");

        var (request, problem) = await JsonBody.ReadAsync<RelevanceRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;
        var v = new Validation();
        var relevant = v.Required("relevant", request!.Relevant);
        var sensitive = v.Required("sensitive", request.Sensitive);
        var description = v.Text("description", request.Description, MaxText);
        var reason = v.Text("reason", request.Reason, MaxText);
        var location = relevant ? v.Text("location", request.Location, MaxText) : Optional(v, "location", request.Location);
        string? sensitivityReason = null;
        if (sensitive && !relevant) v.Add("sensitive", "Only relevant material is scheduled: material that is not relevant cannot be sensitive.");
        if (sensitive) sensitivityReason = v.Text("sensitivityReason", request.SensitivityReason, MaxText);
        else if (!string.IsNullOrWhiteSpace(request.SensitivityReason)) v.Add("sensitivityReason", "Only for sensitive material.");
        if (!v.IsValid) return v.Problem();

        var command = new DecideRelevance(material.OperationId, id, relevant, sensitive, description, location, reason, sensitivityReason, user.As(role));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var decided = await bus.InvokeAsync<MaterialRelevanceDecided>(command, http.RequestAborted);
                return TypedResults.Created($"/api/materials/{id}/relevance", View(decided, material));
            }
            // Item numbers are taken in turn: a decision racing with another on the same operation tries again.
            catch (ConcurrencyException) when (attempt < Attempts)
            {
            }
        }
    }

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session)
    {
        var user = http.User.ToUser();
        var (material, operation) = await Materials.Reading.FindVisibleWithOperationAsync(session, user, id, http.RequestAborted);
        if (material is null || operation is null) return Problems.NotFound("material");
        if (Permissions.ToReadDisclosure(user, operation.Force) is null)
            return Problems.Forbidden("Relevance decisions are for the owning force's disclosure officer and for Admins.");
        var events = await session.Events.FetchStreamAsync(DisclosureStreams.For(material.OperationId), token: http.RequestAborted);
        var decisions = events.Select(e => e.Data).OfType<MaterialRelevanceDecided>().Where(d => d.MaterialId == id)
            .Select(d => View(d, material)).ToList();
        return TypedResults.Ok(new RelevanceHistory(decisions.LastOrDefault(), decisions));
    }

    private static string Optional(Validation v, string field, string? value)
    {
        if (value is { Length: > MaxText }) v.Add(field, $"At most {MaxText} characters.");
        return value?.Trim() ?? "";
    }

    private static RelevanceDecision View(MaterialRelevanceDecided d, MaterialDetails material) => new(
        d.MaterialId, d.OperationId, material.ExhibitRef, d.Relevant, d.Sensitive, d.Description, d.Location, d.Reason, d.SensitivityReason,
        d.Mg6cItem, d.Mg6dItem, d.By, d.At);
}

public static class DecideRelevanceHandler
{
    public static async Task<MaterialRelevanceDecided> Handle(DecideRelevance command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<DisclosureRecord>(DisclosureStreams.For(command.OperationId), cancellationToken);
        var decided = DisclosureDecisions.Decide(stream.Aggregate ?? DisclosureRecord.Empty(command.OperationId), command, clock.GetUtcNow());
        stream.AppendOne(decided);
        return decided;
    }
}
