using Marten;
using Marten.Linq;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.ToolRuns;

namespace Toex.Cases.Api.ToolRuns;

public sealed record ArtefactPage(IReadOnlyList<Artefact> Items, long Total, int Page, int PageSize);

public sealed record ToolRunList(IReadOnlyList<ToolRunDetails> Items, int Total);

/// <summary>
/// Runs are read from an inline projection (current as soon as a batch commits); artefacts from an
/// asynchronous one, which follows the events within moments (see docs/adr/0007-tool-runs.md).
/// </summary>
public static class Reading
{
    public const int MaxPageSize = 1000;

    public static void Map(RouteGroupBuilder operations, RouteGroupBuilder runs)
    {
        runs.MapGet("{id:guid}", Get).WithName("GetToolRun")
            .WithSummary("A run: status, progress, failure reason, metrics, who asked and when").Produces<ToolRunDetails>();
        runs.MapGet("{id:guid}/artefacts", RunArtefacts).WithName("ListToolRunArtefacts")
            .WithSummary("The artefacts this run produced, in position order (page, pageSize)").Produces<ArtefactPage>();
        operations.MapGet("{id:guid}/tool-runs", List).WithName("ListToolRuns").WithTags("Tool runs")
            .WithSummary("The operation's tool runs, newest first").Produces<ToolRunList>();
        operations.MapGet("{id:guid}/artefacts", OperationArtefacts).WithName("ListOperationArtefacts").WithTags("Tool runs")
            .WithSummary("Every artefact of the operation (kind, materialId, page, pageSize)").Produces<ArtefactPage>();
    }

    public static async Task<ToolRunDetails?> FindVisibleAsync(IQuerySession session, User user, Guid runId, CancellationToken cancellationToken)
    {
        var run = await session.LoadAsync<ToolRunDetails>(runId, cancellationToken);
        if (run is null) return null;
        return await session.FindVisibleAsync(user, run.OperationId, cancellationToken) is null ? null : run;
    }

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session)
    {
        var run = await FindVisibleAsync(session, http.User.ToUser(), id, http.RequestAborted);
        return run is null ? Problems.NotFound("tool run") : TypedResults.Ok(run);
    }

    private static async Task<IResult> List(HttpContext http, Guid id, IQuerySession session)
    {
        if (await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("operation");
        var runs = await session.Query<ToolRunDetails>().Where(r => r.OperationId == id)
            .OrderByDescending(r => r.RequestedAt).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new ToolRunList(runs, runs.Count));
    }

    private static async Task<IResult> RunArtefacts(HttpContext http, Guid id, IQuerySession session, int? page, int? pageSize)
    {
        var (p, size, problem) = Paging(page, pageSize);
        if (problem is not null) return problem;
        if (await FindVisibleAsync(session, http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("tool run");
        return await Page(session.Query<Artefact>().Where(a => a.ToolRunId == id), p, size, http.RequestAborted);
    }

    private static async Task<IResult> OperationArtefacts(HttpContext http, Guid id, IQuerySession session,
        string? kind, Guid? materialId, int? page, int? pageSize)
    {
        var (p, size, problem) = Paging(page, pageSize);
        if (problem is not null) return problem;
        ArtefactKind? kindFilter = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<ArtefactKind>(kind, ignoreCase: true, out var k) || int.TryParse(kind, out _))
                return Problems.Invalid("kind", $"One of {string.Join(", ", Enum.GetNames<ArtefactKind>())}.");
            kindFilter = k;
        }
        if (await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("operation");
        var query = session.Query<Artefact>().Where(a => a.OperationId == id);
        if (kindFilter is { } kf) query = query.Where(a => a.Kind == kf);
        if (materialId is { } m) query = query.Where(a => a.MaterialId == m);
        return await Page(query, p, size, http.RequestAborted);
    }

    private static (int Page, int Size, IResult? Problem) Paging(int? page, int? pageSize)
    {
        var v = new Validation();
        var p = page ?? 1;
        var size = pageSize ?? 100;
        if (p < 1) v.Add("page", "At least 1.");
        if (size is < 1 or > MaxPageSize) v.Add("pageSize", $"Between 1 and {MaxPageSize}.");
        return (p, size, v.IsValid ? null : v.Problem());
    }

    private static async Task<IResult> Page(IQueryable<Artefact> query, int page, int size, CancellationToken cancellationToken)
    {
        var items = await query.Stats(out QueryStatistics stats)
            .OrderBy(a => a.MaterialId).ThenBy(a => a.Position).ThenBy(a => a.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ArtefactPage(items, stats.TotalResults, page, size));
    }
}
