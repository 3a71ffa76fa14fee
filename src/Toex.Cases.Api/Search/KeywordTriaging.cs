using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Projections.Search;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Search;

public sealed record KeywordTriageRequest(List<string?>? Keywords, List<Guid>? MaterialIds);

public sealed record KeywordTriageResponse(Guid Id, IReadOnlyList<KeywordTriageResult> Materials, long Total);

/// <summary>
/// Which exhibits hold lines with any of a list of keywords (the case study found 12 of 21 phone
/// downloads of evidential value this way), ranked by how many lines; recorded on the operation's disclosure stream (beside its CPIA decisions,
/// without changing the operation's version) so that the disclosure management document can list the
/// terms used and what they found.
/// </summary>
public static class KeywordTriaging
{
    public static void Map(RouteGroupBuilder operations) =>
        operations.MapPost("{id:guid}/keyword-triage", Post).WithName("KeywordTriage").WithTags("Search")
            .WithSummary("Rank the operation's exhibits by lines containing any keyword (keywords[], materialIds?[]); recorded on the operation")
            .Accepts<KeywordTriageRequest>("application/json").Produces<KeywordTriageResponse>();

    private static async Task<IResult> Post(
        HttpContext http, Guid id, IQuerySession session, SearchIndexer indexer, IMessageBus bus, IOptions<JsonOptions> json, TimeProvider clock)
    {
        var user = http.User.ToUser();
        var ct = http.RequestAborted;
        if (await session.FindVisibleAsync(user, id, ct) is null) return Problems.NotFound("operation");
        var (body, problem) = await JsonBody.ReadAsync<KeywordTriageRequest>(http.Request, json.Value.SerializerOptions);
        if (problem is not null) return problem;

        var v = new Validation();
        var keywords = new List<string>();
        var sequences = new List<SearchMatch.Sequence>();
        if (body!.Keywords is not { Count: > 0 }) v.Add("keywords", "At least one keyword.");
        else if (body.Keywords.Count > KeywordTriage.MaxKeywords) v.Add("keywords", $"At most {KeywordTriage.MaxKeywords} keywords.");
        else
        {
            for (var i = 0; i < body.Keywords.Count; i++)
            {
                var keyword = body.Keywords[i]?.Trim();
                if (string.IsNullOrEmpty(keyword)) v.Add($"keywords[{i}]", "Blank.");
                else if (keyword.Length > KeywordTriage.MaxKeywordLength) v.Add($"keywords[{i}]", $"At most {KeywordTriage.MaxKeywordLength} characters.");
                else if (SearchMatch.ForKeyword(keyword) is not { } sequence) v.Add($"keywords[{i}]", "Has no letters or digits to look for.");
                else if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
                {
                    keywords.Add(keyword);
                    sequences.Add(sequence);
                }
            }
        }
        var materialIds = (body.MaterialIds ?? []).Distinct().ToList();
        if (materialIds.Count > 1000) v.Add("materialIds", "At most 1,000 exhibits.");
        if (!v.IsValid) return v.Problem();

        var exhibits = (await session.Query<MaterialDetails>().Where(m => m.OperationId == id).ToListAsync(ct))
            .ToDictionary(m => m.Id, m => m.ExhibitRef);
        var unknown = materialIds.Where(m => !exhibits.ContainsKey(m)).ToList();
        if (unknown.Count > 0) return Problems.NotFound($"material {unknown[0]} in this operation");

        await indexer.EnsureReadyAsync(ct);
        var hits = await indexer.Engine.KeywordHitsAsync(id, sequences, materialIds.Count == 0 ? null : materialIds, ct);
        var triage = KeywordTriage.Record(id, Guid.CreateVersion7(), keywords, materialIds,
            hits.Where(h => exhibits.ContainsKey(h.MaterialId))
                .Select(h => new KeywordTriageResult(h.MaterialId, exhibits[h.MaterialId], h.Hits, h.DistinctKeywords)),
            user.AsAnyRole(), clock.GetUtcNow());
        await bus.InvokeAsync(new RecordKeywordTriage(triage), ct);
        return TypedResults.Ok(new KeywordTriageResponse(triage.TriageId, triage.Results, triage.Results.Sum(r => r.Hits)));
    }
}

public sealed record RecordKeywordTriage(KeywordTriageRun Triage) : IActorCommand
{
    public Actor By => Triage.By;
}

public static class RecordKeywordTriageHandler
{
    public static void Handle(RecordKeywordTriage command, IDocumentSession session) =>
        session.Events.Append(Domain.Disclosure.DisclosureStreams.For(command.Triage.OperationId), command.Triage);
}
