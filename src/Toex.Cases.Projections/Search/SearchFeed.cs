using System.Globalization;
using JasperFx.Events;
using Marten;
using Toex.Cases.Domain.Findings;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Search;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Operations;

namespace Toex.Cases.Projections.Search;

/// <summary>
/// What each event changes in the search views. The owning force and region of an entry come from
/// its operation (never changed once tasked); a superseded finding and a retracted run's artefacts
/// leave the views, while their events stay on the record.
/// </summary>
public static class SearchFeed
{
    public static async Task<IReadOnlyList<SearchChange>> ChangesAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var operationIds = events.Select(e => OperationOf(e.Data)).OfType<Guid>().Distinct().ToArray();
        var owners = operationIds.Length == 0
            ? new Dictionary<Guid, (string Force, string Region)>()
            : (await session.LoadManyAsync<OperationDetails>(ct, operationIds)).ToDictionary(o => o.Id, o => (o.Force, o.Region));
        var changes = new List<SearchChange>();
        foreach (var e in events)
        {
            if (e.Data is OperationTasked tasked) owners[tasked.OperationId] = (tasked.Force, tasked.Region);
            if (OperationOf(e.Data) is not { } operationId || !owners.TryGetValue(operationId, out var owner)) continue;
            if (ChangeOf(e.Data, owner.Force, owner.Region) is { } change) changes.Add(change);
        }
        return changes;
    }

    private static Guid? OperationOf(object data) => data switch
    {
        OperationTasked e => e.OperationId,
        MaterialRegistered e => e.OperationId,
        TranslationProduced e => e.OperationId,
        TranscriptSegmentProduced e => e.OperationId,
        EntityExtracted e => e.OperationId,
        FindingRecorded e => e.OperationId,
        FindingSuperseded e => e.OperationId,
        ToolRunRetracted e => e.OperationId,
        _ => null,
    };

    private static SearchChange? ChangeOf(object data, string force, string region) => data switch
    {
        OperationTasked e => Upsert(new SearchDocument(e.OperationId, SearchKind.Operation, e.OperationId, null, force, region,
            e.Summary, null, null, e.At.ToUniversalTime(), Label: e.Name)),
        MaterialRegistered e => Upsert(new SearchDocument(e.MaterialId, SearchKind.Material, e.OperationId, e.MaterialId, force, region,
            string.Join("\n", new[] { e.Description, e.SeizedFrom, e.AttributedTo }.Where(s => !string.IsNullOrWhiteSpace(s))), null, null,
            e.At.ToUniversalTime(), Label: e.ExhibitRef)),
        TranslationProduced e => Upsert(new SearchDocument(e.ArtefactId, SearchKind.Translation, e.OperationId, e.MaterialId, force, region,
            e.OriginalText, e.TranslatedText, e.SourceLanguage, SentAt(e.Timestamp) ?? e.At.ToUniversalTime(), e.RunId, e.Line,
            Correspondents(e.From, e.To))),
        TranscriptSegmentProduced e => Upsert(new SearchDocument(e.ArtefactId, SearchKind.TranscriptSegment, e.OperationId, e.MaterialId,
            force, region, e.Text, null, e.Language, e.At.ToUniversalTime(), e.RunId, e.Start)),
        EntityExtracted e => Upsert(new SearchDocument(e.ArtefactId, SearchKind.Entity, e.OperationId, e.MaterialId, force, region,
            e.Value, null, null, e.At.ToUniversalTime(), e.RunId, e.Line, e.EntityType)),
        FindingRecorded e => Upsert(new SearchDocument(e.FindingId, SearchKind.Finding, e.OperationId, null, force, region,
            e.Summary, null, null, e.At.ToUniversalTime(), Label: e.Kind.ToString())),
        FindingSuperseded e => new SearchChange.Delete(e.FindingId),
        ToolRunRetracted e => new SearchChange.DeleteRun(e.RunId),
        _ => null,
    };

    private static SearchChange.Upsert Upsert(SearchDocument document) => new(document);

    private static string? Correspondents(string? from, string? to) =>
        string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to) ? null : $"{from} → {to}";

    /// <summary>
    /// When a message was sent, as its export says (an ISO 8601 or day-first UK timestamp, read as UTC
    /// unless it carries an offset), so that from/to filter by when things were said; null when the
    /// export gives no time we can read, and then the entry is dated by its translation.
    /// </summary>
    internal static DateTimeOffset? SentAt(string? timestamp)
    {
        if (string.IsNullOrWhiteSpace(timestamp)) return null;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, styles, out var iso) && LooksIso(timestamp)) return iso;
        return DateTimeOffset.TryParse(timestamp, CultureInfo.GetCultureInfo("en-GB"), styles, out var uk) ? uk : null;
    }

    private static bool LooksIso(string timestamp) => timestamp.Length >= 10 && timestamp[4] == '-' && timestamp[7] == '-';
}
