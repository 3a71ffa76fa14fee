using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Search;

/// <summary>One exhibit's result in a keyword triage: lines containing any keyword, and how many different keywords.</summary>
public sealed record KeywordTriageResult(Guid MaterialId, string ExhibitRef, long Hits, int DistinctKeywords);

/// <summary>
/// Someone ran a keyword triage over the operation's exhibits: the terms, the exhibits asked about
/// (none: all) and what it found, kept on the operation's disclosure stream because the disclosure management
/// document lists the search terms used and what they turned up.
/// </summary>
public sealed record KeywordTriageRun(
    Guid OperationId, Guid TriageId, IReadOnlyList<string> Keywords, IReadOnlyList<Guid> MaterialIds,
    IReadOnlyList<KeywordTriageResult> Results, Actor By, DateTimeOffset At);

public static class KeywordTriage
{
    public const int MaxKeywords = 100;
    public const int MaxKeywordLength = 200;

    /// <summary>Ranks exhibits by hits (then exhibit reference) and records the triage.</summary>
    public static KeywordTriageRun Record(
        Guid operationId, Guid triageId, IReadOnlyList<string> keywords, IReadOnlyList<Guid> materialIds,
        IEnumerable<KeywordTriageResult> results, Actor by, DateTimeOffset now) =>
        new(operationId, triageId, keywords, materialIds,
            results.OrderByDescending(r => r.Hits).ThenBy(r => r.ExhibitRef, StringComparer.Ordinal).ToList(), by, now);
}
