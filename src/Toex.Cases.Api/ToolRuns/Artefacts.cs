using JasperFx.Events;
using Marten;
using Marten.Events;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.ToolRuns;

namespace Toex.Cases.Api.ToolRuns;

public enum ArtefactKind { Translation, TranscriptSegment, Entity }

/// <summary>
/// One unit of tool output as the API shows it: the fields of its kind (the rest are null), built
/// from the artefact event itself, whose id is the artefact's id.
/// </summary>
public sealed record Artefact
{
    public Guid Id { get; init; }
    public ArtefactKind Kind { get; init; }
    public Guid OperationId { get; init; }
    public Guid MaterialId { get; init; }
    public Guid ToolRunId { get; init; }
    /// <summary>Line number in the material, or for media the start offset in seconds.</summary>
    public double Position { get; init; }
    public DateTimeOffset ProducedAt { get; init; }

    public string? SourceLanguage { get; init; }
    public string? OriginalText { get; init; }
    public string? TranslatedText { get; init; }
    public int? Characters { get; init; }
    public string? Timestamp { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }

    public double? Start { get; init; }
    public double? End { get; init; }
    public string? Text { get; init; }
    public string? Language { get; init; }

    public string? EntityType { get; init; }
    public string? Value { get; init; }

    public static readonly Type[] EventTypes = [typeof(TranslationProduced), typeof(EntityExtracted), typeof(TranscriptSegmentProduced)];

    /// <summary>An artefact event, carrying the artefact's id as its own event id; null for any other event.</summary>
    public static IEvent? AsEvent(object data) => data switch
    {
        TranslationProduced e => new Event<TranslationProduced>(e) { Id = e.ArtefactId },
        EntityExtracted e => new Event<EntityExtracted>(e) { Id = e.ArtefactId },
        TranscriptSegmentProduced e => new Event<TranscriptSegmentProduced>(e) { Id = e.ArtefactId },
        _ => null,
    };

    public static Type EventTypeOf(ArtefactKind kind) => kind switch
    {
        ArtefactKind.Translation => typeof(TranslationProduced),
        ArtefactKind.Entity => typeof(EntityExtracted),
        _ => typeof(TranscriptSegmentProduced),
    };

    public static Artefact Of(object data) => data switch
    {
        TranslationProduced e => new()
        {
            Id = e.ArtefactId, Kind = ArtefactKind.Translation, OperationId = e.OperationId, MaterialId = e.MaterialId,
            ToolRunId = e.RunId, Position = e.Line, ProducedAt = e.At, SourceLanguage = e.SourceLanguage,
            OriginalText = e.OriginalText, TranslatedText = e.TranslatedText, Characters = e.Characters,
            Timestamp = e.Timestamp, From = e.From, To = e.To,
        },
        EntityExtracted e => new()
        {
            Id = e.ArtefactId, Kind = ArtefactKind.Entity, OperationId = e.OperationId, MaterialId = e.MaterialId,
            ToolRunId = e.RunId, Position = e.Line, ProducedAt = e.At, EntityType = e.EntityType, Value = e.Value,
        },
        TranscriptSegmentProduced e => new()
        {
            Id = e.ArtefactId, Kind = ArtefactKind.TranscriptSegment, OperationId = e.OperationId, MaterialId = e.MaterialId,
            ToolRunId = e.RunId, Position = e.Start, ProducedAt = e.At, Start = e.Start, End = e.End, Text = e.Text,
            Language = e.Language,
        },
        _ => throw new ArgumentException($"{data.GetType().Name} is not an artefact event.", nameof(data)),
    };
}

public sealed record ArtefactPage(IReadOnlyList<Artefact> Items, long Total, int Page, int PageSize);

/// <summary>
/// Artefacts are read from their events, not from a copy: each run keeps one stream per material
/// (<see cref="ArtefactIds.StreamFor"/>) holding nothing but that material's artefacts in the order
/// they were produced, so a page is an index range on (stream, version) and a total is the streams'
/// versions. Artefact ids are event ids, unique in the store. See docs/adr/0007-tool-runs.md.
/// </summary>
public static class ArtefactReading
{
    /// <summary>Which of these artefacts exist already (made by an earlier run, or an earlier attempt).</summary>
    public static async Task<IReadOnlySet<Guid>> ExistingAsync(this IQuerySession session, IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new HashSet<Guid>();
        var idArray = ids.ToArray();
        var found = await session.Events.QueryAllRawEvents().Where(e => e.Id.IsOneOf(idArray)).Select(e => e.Id)
            .ToListAsync(cancellationToken);
        return found.ToHashSet();
    }

    /// <summary>The artefacts with these ids, wherever they are (the caller checks their operation).</summary>
    public static async Task<IReadOnlyList<Artefact>> FindArtefactsAsync(this IQuerySession session, IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        var idArray = ids.ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Id.IsOneOf(idArray) && e.EventTypesAre(Artefact.EventTypes)).ToListAsync(cancellationToken);
        return events.Select(e => Artefact.Of(e.Data)).ToList();
    }

    /// <summary>
    /// One page of the artefacts in these runs, run by run in the order given, each run's materials
    /// in the order it processed them, and each material's artefacts in the order produced.
    /// </summary>
    public static async Task<ArtefactPage> ArtefactPageAsync(this IQuerySession session, IEnumerable<ToolRunDetails> runs,
        Guid? materialId, ArtefactKind? kind, int page, int size, CancellationToken cancellationToken)
    {
        var streams = runs
            .SelectMany(r => r.MaterialIds.Where(m => materialId is null || m == materialId).Select(m => ArtefactIds.StreamFor(r.Id, m)))
            .ToList();
        var counts = await CountsAsync(session, streams, kind, cancellationToken);

        var items = new List<Artefact>(size);
        var skip = (long)(page - 1) * size;
        for (var i = 0; i < streams.Count && items.Count < size; i++)
        {
            if (skip >= counts[i])
            {
                skip -= counts[i];
                continue;
            }
            var take = size - items.Count;
            var stream = streams[i];
            IReadOnlyList<IEvent> events;
            if (kind is null)
            {
                // Every event of an artefact stream is an artefact: versions 1..count, no gaps.
                long from = skip, to = skip + take;
                events = await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId == stream && e.Version > from && e.Version <= to)
                    .OrderBy(e => e.Version).ToListAsync(cancellationToken);
            }
            else
            {
                events = await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId == stream && e.EventTypesAre(Artefact.EventTypeOf(kind.Value)))
                    .OrderBy(e => e.Version).Skip((int)skip).Take(take).ToListAsync(cancellationToken);
            }
            items.AddRange(events.Select(e => Artefact.Of(e.Data)));
            skip = 0;
        }
        return new ArtefactPage(items, counts.Sum(), page, size);
    }

    private static async Task<long[]> CountsAsync(IQuerySession session, IReadOnlyList<Guid> streams, ArtefactKind? kind,
        CancellationToken cancellationToken)
    {
        if (streams.Count == 0) return [];
        if (kind is { } k)
        {
            // Filtered by kind: counted on the (stream, version) index, one stream at a time.
            var filtered = new long[streams.Count];
            for (var i = 0; i < streams.Count; i++)
            {
                var stream = streams[i];
                filtered[i] = await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId == stream && e.EventTypesAre(Artefact.EventTypeOf(k))).CountAsync(cancellationToken);
            }
            return filtered;
        }
        // Unfiltered: a stream's version is its count, read for every stream in one round trip.
        var batch = session.CreateBatchQuery();
        var states = streams.Select(s => batch.Events.FetchStreamState(s)).ToList();
        await batch.Execute(cancellationToken);
        return (await Task.WhenAll(states)).Select(state => state?.Version ?? 0).ToArray();
    }
}
