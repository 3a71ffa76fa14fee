using Marten;
using Marten.Linq;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Reference;
using Toex.Cases.Projections.Operations;

namespace Toex.Cases.Api.Operations;

public sealed record OperationSummary(
    Guid Id, string Name, string Force, string Region, OperationStatus Status, IReadOnlyList<ThreatCategory> Threats,
    Priority Priority, DateTimeOffset TaskedAt, DateTimeOffset LastChangedAt, int Version);

public sealed record OperationPage(IReadOnlyList<OperationSummary> Items, long Total, int Page, int PageSize);

public sealed record Timeline(Guid OperationId, IReadOnlyList<TimelineEntry> Entries);

/// <summary>Reads come from projections only, filtered to what the caller may see.</summary>
public static class Reading
{
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("", List).WithName("ListOperations")
            .WithSummary("Operations the caller may see, newest first; filter by status, force, threat")
            .Produces<OperationPage>();
        group.MapGet("{id:guid}", Get).WithName("GetOperation")
            .WithSummary("One operation, with ETag: \"<version>\"; ?asOf=<ISO 8601> gives it as it stood then").Produces<OperationDetails>();
        group.MapGet("{id:guid}/timeline", GetTimeline).WithName("GetOperationTimeline")
            .WithSummary("Everything that happened to the operation, in order: when, who, what; ?asOf= stops at that instant").Produces<Timeline>();
    }

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session, string? asOf)
    {
        if (!QueryValues.TryParseInstant(asOf, out var at)) return AsOfInvalid();
        var details = await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted);
        if (details is null) return Problems.NotFound("operation");
        if (at is { } then)
        {
            // Time travel: the operation rebuilt from its events up to that instant (visibility is today's).
            var past = await session.Events.AggregateStreamAsync<OperationDetails>(id, timestamp: then, token: http.RequestAborted);
            return past is null ? NotYet(then) : TypedResults.Ok(past);
        }
        http.Response.SetETag(details.Version);
        return TypedResults.Ok(details);
    }

    private static async Task<IResult> GetTimeline(HttpContext http, Guid id, IQuerySession session, string? asOf)
    {
        if (!QueryValues.TryParseInstant(asOf, out var at)) return AsOfInvalid();
        var batch = session.CreateBatchQuery();
        var detailsLoad = batch.Load<OperationDetails>(id);
        var timelineLoad = batch.Load<OperationTimeline>(id);
        await batch.Execute(http.RequestAborted);
        var details = await detailsLoad;
        if (details is null || !http.User.ToUser().CanSee(details)) return Problems.NotFound("operation");
        if (at is { } then)
        {
            var past = await session.Events.AggregateStreamAsync<OperationTimeline>(id, timestamp: then, token: http.RequestAborted);
            return past is null ? NotYet(then) : TypedResults.Ok(new Timeline(id, past.Entries));
        }
        var timeline = await timelineLoad;
        http.Response.SetETag(details.Version);
        return TypedResults.Ok(new Timeline(id, timeline?.Entries ?? []));
    }

    private static IResult AsOfInvalid() =>
        Problems.Invalid("asOf", "An ISO 8601 date and time with its offset, e.g. 2026-03-01T09:30:00Z.");

    private static IResult NotYet(DateTimeOffset at) => Problems.Problem(StatusCodes.Status404NotFound, "Not found",
        $"The operation had not been tasked at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");

    private static async Task<IResult> List(
        HttpContext http, IQuerySession session,
        string? status, string? force, string? threat, int? page, int? pageSize)
    {
        var v = new Validation();
        OperationStatus? statusFilter = null;
        ThreatCategory? threatFilter = null;
        if (status is not null)
            if (QueryValues.TryName<OperationStatus>(status, out var s)) statusFilter = s;
            else v.Add("status", $"One of {string.Join(", ", Enum.GetNames<OperationStatus>())}.");
        if (threat is not null)
            if (QueryValues.TryName<ThreatCategory>(threat, out var t)) threatFilter = t;
            else v.Add("threat", $"One of {string.Join(", ", Enum.GetNames<ThreatCategory>())}.");
        if (force is not null && Forces.Find(force) is null) v.Add("force", "Not a known force id.");
        var p = page ?? 1;
        var size = pageSize ?? 25;
        if (p < 1) v.Add("page", "At least 1.");
        if (size is < 1 or > MaxPageSize) v.Add("pageSize", $"Between 1 and {MaxPageSize}.");
        if (!v.IsValid) return v.Problem();

        var user = http.User.ToUser();
        var query = session.Query<OperationDetails>().AsQueryable();
        if (user.IsToex)
        {
            if (user.Region is { } region) query = query.Where(x => x.Region == region);
        }
        else
        {
            var own = user.Force;
            query = query.Where(x => x.Force == own || x.SharedWith.Contains(own));
        }
        if (statusFilter is { } st) query = query.Where(x => x.Status == st);
        if (force is not null) query = query.Where(x => x.Force == force);
        if (threatFilter is { } th) query = query.Where(x => x.Threats.Contains(th));

        var items = await query
            .Stats(out QueryStatistics stats)
            .OrderByDescending(x => x.TaskedAt).ThenBy(x => x.Id)
            .Skip((p - 1) * size).Take(size)
            .ToListAsync(http.RequestAborted);

        return TypedResults.Ok(new OperationPage(
            items.Select(x => new OperationSummary(x.Id, x.Name, x.Force, x.Region, x.Status, x.Threats, x.Priority,
                x.TaskedAt, x.LastChangedAt, x.Version)).ToList(),
            stats.TotalResults, p, size));
    }
}
