using Marten;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.ToolRuns;

namespace Toex.Cases.Api.ToolRuns;

public sealed record ToolRunList(IReadOnlyList<ToolRunDetails> Items, int Total);

/// <summary>
/// Runs are read from an inline projection and artefacts from their own events (each run keeps a
/// stream per material): both are current as soon as a batch commits (see docs/adr/0007-tool-runs.md).
/// </summary>
public static class Reading
{
    public const int MaxPageSize = 1000;

    public static void Map(RouteGroupBuilder operations, RouteGroupBuilder runs)
    {
        runs.MapGet("{id:guid}", Get).WithName("GetToolRun")
            .WithSummary("A run: status, progress, failure reason, metrics, who asked and when").Produces<ToolRunDetails>();
        runs.MapGet("{id:guid}/artefacts", RunArtefacts).WithName("ListToolRunArtefacts")
            .WithSummary("The artefacts this run produced, material by material in the order produced (page, pageSize)").Produces<ArtefactPage>();
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

    /// <summary>
    /// The run and the role in which the caller may act on it (cancel, retract), loading it and its
    /// operation once; or the refusal: 404 when they cannot see it, 403 when they may not act on it.
    /// </summary>
    public static async Task<(ToolRunDetails? Run, Role Role, IResult? Refusal)> ForActionAsync(
        HttpContext http, IQuerySession session, Guid runId, string action)
    {
        var user = http.User.ToUser();
        var run = await session.LoadAsync<ToolRunDetails>(runId, http.RequestAborted);
        var operation = run is null ? null : await session.FindVisibleAsync(user, run.OperationId, http.RequestAborted);
        if (operation is null) return (null, default, Problems.NotFound("tool run"));
        if (Permissions.ToRequestToolRun(user, operation.Force) is not { } role)
            return (null, default, Problems.Forbidden($"Only an investigator of the owning force or a TOEX analyst can {action}."));
        return (run, role, null);
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
        if (await FindVisibleAsync(session, http.User.ToUser(), id, http.RequestAborted) is not { } run) return Problems.NotFound("tool run");
        return TypedResults.Ok(await session.ArtefactPageAsync([run], null, null, p, size, http.RequestAborted));
    }

    private static async Task<IResult> OperationArtefacts(HttpContext http, Guid id, IQuerySession session,
        string? kind, Guid? materialId, int? page, int? pageSize)
    {
        var (p, size, problem) = Paging(page, pageSize);
        if (problem is not null) return problem;
        ArtefactKind? kindFilter = null;
        if (kind is not null)
        {
            if (!QueryValues.TryName<ArtefactKind>(kind, out var k))
                return Problems.Invalid("kind", $"One of {string.Join(", ", Enum.GetNames<ArtefactKind>())}.");
            kindFilter = k;
        }
        if (await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("operation");
        // Oldest run first, so that pages already read stay put as new runs add artefacts.
        var runs = await session.Query<ToolRunDetails>().Where(r => r.OperationId == id)
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(await session.ArtefactPageAsync(runs, materialId, kindFilter, p, size, http.RequestAborted));
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
}
