using Marten;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.Search;
using Wolverine;

namespace Toex.Cases.Api.Admin;

public sealed record RebuildAccepted(Guid Id, bool Started, SearchRebuildStatus Rebuild);

/// <summary>
/// The search views' health (engine, live index, how far behind the events) and their rebuild from
/// the events into a new index, swapped in when complete: searching goes on throughout.
/// </summary>
public static class SearchIndex
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("search", Status).WithName("GetSearchStatus")
            .WithSummary("Search engine, live index, events applied, lag behind the event store, last rebuild (Admin)")
            .Produces<SearchStatus>().ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("search/rebuild", Rebuild).WithName("RebuildSearch")
            .WithSummary("Rebuild the search views from the events into a new index, then swap it in (Admin); 202, follow Location")
            .Produces<RebuildAccepted>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Status(HttpContext http, SearchIndexer indexer)
    {
        if (!http.User.ToUser().Has(Role.Admin)) return Problems.Forbidden("The search index is for the Admin role.");
        return TypedResults.Ok(await indexer.StatusAsync(http.RequestAborted));
    }

    private static async Task<IResult> Rebuild(HttpContext http, SearchIndexer indexer, IMessageBus bus)
    {
        var user = http.User.ToUser();
        if (!user.Has(Role.Admin)) return Problems.Forbidden("Rebuilding the search index is for the Admin role.");
        var (rebuild, started) = await indexer.BeginRebuildAsync(Guid.CreateVersion7(), $"{user.Name} ({user.Id}, {user.Force})", http.RequestAborted);
        if (started) await bus.SendAsync(new RebuildSearchIndex(rebuild.Id));
        return TypedResults.Accepted("/api/admin/search", new RebuildAccepted(rebuild.Id, started, rebuild));
    }
}

/// <summary>Runs a rebuild from a durable queue, so that one interrupted by a restart runs again.</summary>
public sealed record RebuildSearchIndex(Guid Id);

public static class RebuildSearchIndexHandler
{
    public static Task Handle(RebuildSearchIndex message, SearchIndexer indexer, IDocumentStore store, CancellationToken ct) =>
        indexer.RebuildAsync(store, message.Id, ct);
}
