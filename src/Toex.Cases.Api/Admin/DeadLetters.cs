using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Admin;

public sealed record DeadLetter(Guid Id, string MessageType, string ExceptionType, string ExceptionMessage, DateTimeOffset SentAt,
    bool Replayable, string? Message);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, int Total, int Page, int PageSize);

public sealed record ReplayRequest(List<Guid>? Ids);

/// <summary>
/// Messages that failed every attempt (for example a tool run whose database writes kept
/// failing) are kept by Wolverine; an Admin lists them and replays them once the cause is fixed.
/// </summary>
public static class DeadLetters
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("dead-letters", List).WithName("ListDeadLetters")
            .WithSummary("Messages that failed every attempt (Admin)").Produces<DeadLetterPage>();
        admin.MapPost("dead-letters/replay", Replay).WithName("ReplayDeadLetters")
            .WithSummary("Put dead letters back on their queue (Admin)").Accepts<ReplayRequest>("application/json");
    }

    private static async Task<IResult> List(HttpContext http, IWolverineRuntime runtime, int? page, int? pageSize)
    {
        if (!http.User.ToUser().Has(Role.Admin)) return Problems.Forbidden("Dead letters are for the Admin role.");
        var v = new Validation();
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1) v.Add("page", "At least 1.");
        if (size is < 1 or > 500) v.Add("pageSize", "Between 1 and 500.");
        if (!v.IsValid) return v.Problem();
        var results = await runtime.Storage.DeadLetters.QueryAsync(
            new DeadLetterEnvelopeQuery { PageNumber = p - 1, PageSize = size }, http.RequestAborted);
        return TypedResults.Ok(new DeadLetterPage(results.Envelopes.Select(e => new DeadLetter(e.Id, e.MessageType,
            e.ExceptionType, e.ExceptionMessage, e.SentAt, e.Replayable, e.Message?.ToString())).ToList(), results.TotalCount, p, size));
    }

    private static async Task<IResult> Replay(HttpContext http, IWolverineRuntime runtime, IOptions<JsonOptions> json)
    {
        if (!http.User.ToUser().Has(Role.Admin)) return Problems.Forbidden("Dead letters are for the Admin role.");
        var (body, problem) = await JsonBody.ReadAsync<ReplayRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;
        if (body!.Ids is not { Count: > 0 and <= 1000 }) return Problems.Invalid("ids", "Between 1 and 1000 dead-letter ids.");
        await runtime.Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery(body.Ids.ToArray()), http.RequestAborted);
        return TypedResults.Accepted((string?)null, new { replayed = body.Ids.Count });
    }
}
