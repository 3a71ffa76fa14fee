using Marten;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Domain.Search;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Projections.ToolRuns;
using Wolverine;

namespace Toex.Cases.Api.Disclosure;

public sealed record StrategyMaterial(Guid Id, string ExhibitRef, string Sha256);

/// <summary>One process applied to the operation's material, as the Disclosure Management Document records it.</summary>
public sealed record StrategyToolRun(
    Guid Id, Tool Tool, ToolParameters Parameters, IReadOnlyList<StrategyMaterial> Materials, Actor RequestedBy, DateTimeOffset RequestedAt,
    ToolRunStatus Status, ToolRunMetrics Results, DateTimeOffset? FinishedAt, string? FailureReason, Retraction? Retracted);

public sealed record DigitalStrategyRecord(
    Guid OperationId, string OperationName, IReadOnlyList<StrategyToolRun> ToolRuns, IReadOnlyList<KeywordTriageRun> KeywordTriages);

/// <summary>
/// The digital-strategy record for the Disclosure Management Document: every tool run on the
/// operation's material, oldest first, with its parameters (languages, keywords), the exhibits
/// (with their hashes, so a third party can repeat it), who asked, when, and what it produced;
/// and every keyword triage: the search terms used, by whom, and what they found.
/// </summary>
public static class DigitalStrategy
{
    public static void Map(RouteGroupBuilder operations) =>
        operations.MapGet("{id:guid}/disclosure/digital-strategy", Get).WithName("GetDigitalStrategy").WithTags("Disclosure")
            .WithSummary("Every tool run on the operation's material: tool, parameters, exhibits, who asked, when, result counts")
            .Produces<DigitalStrategyRecord>().ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session, IMessageBus bus)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        var runs = await session.Query<ToolRunDetails>().Where(r => r.OperationId == id)
            .OrderBy(r => r.RequestedAt).ToListAsync(http.RequestAborted);
        var materialIds = runs.SelectMany(r => r.MaterialIds).Distinct().ToArray();
        var materials = materialIds.Length == 0
            ? new Dictionary<Guid, MaterialDetails>()
            : (await session.LoadManyAsync<MaterialDetails>(http.RequestAborted, materialIds)).ToDictionary(m => m.Id);
        var record = new DigitalStrategyRecord(id, caller.Operation.Name, runs.Select(r => new StrategyToolRun(
            r.Id, r.Tool, r.Parameters,
            r.MaterialIds.Select(m => materials.TryGetValue(m, out var x) ? new StrategyMaterial(m, x.ExhibitRef, x.Sha256) : new StrategyMaterial(m, "", ""))
                .ToList(),
            r.RequestedBy, r.RequestedAt, r.Status, r.Metrics, r.FinishedAt, r.FailureReason, r.Retracted)).ToList(),
            await session.Events.QueryRawEventDataOnly<KeywordTriageRun>().Where(t => t.OperationId == id).OrderBy(t => t.At)
                .ToListAsync(http.RequestAborted));
        await bus.RecordExportAsync(caller, DisclosureExport.DigitalStrategy, "application/json", record.ToolRuns.Count, http.RequestAborted);
        return TypedResults.Ok(record);
    }
}
