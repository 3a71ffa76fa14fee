using System.Security.Cryptography;
using System.Text;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Domain.Disclosure;

/// <summary>The latest decision on one exhibit, with the item numbers it has ever been given.</summary>
public sealed record ScheduleEntry(
    Guid MaterialId, bool Relevant, bool Sensitive, string Description, string Location, string? SensitivityReason,
    int? Mg6cItem, int? Mg6dItem, Actor DecidedBy, DateTimeOffset DecidedAt)
{
    public bool OnMg6c => Relevant && !Sensitive;

    public bool OnMg6d => Relevant && Sensitive;
}

/// <summary>
/// An operation's disclosure record: the current decision per exhibit, the last item number used
/// on each schedule, and how many versions were issued. Write model of the disclosure stream.
/// </summary>
public sealed record DisclosureRecord(
    Guid Id, Guid OperationId, IReadOnlyDictionary<Guid, ScheduleEntry> Entries, int LastMg6cItem, int LastMg6dItem, int IssuedVersions)
{
    public static DisclosureRecord Empty(Guid operationId) =>
        new(DisclosureStreams.For(operationId), operationId, new Dictionary<Guid, ScheduleEntry>(), 0, 0, 0);

    public IEnumerable<ScheduleEntry> Mg6c => Entries.Values.Where(e => e.OnMg6c).OrderBy(e => e.Mg6cItem);

    public IEnumerable<ScheduleEntry> Mg6d => Entries.Values.Where(e => e.OnMg6d).OrderBy(e => e.Mg6dItem);

    public DisclosureRecord Apply(MaterialRelevanceDecided e) => this with
    {
        Entries = new Dictionary<Guid, ScheduleEntry>(Entries)
        {
            [e.MaterialId] = new(e.MaterialId, e.Relevant, e.Sensitive, e.Description, e.Location, e.SensitivityReason,
                e.Mg6cItem, e.Mg6dItem, e.By, e.At),
        },
        LastMg6cItem = Math.Max(LastMg6cItem, e.Mg6cItem ?? 0),
        LastMg6dItem = Math.Max(LastMg6dItem, e.Mg6dItem ?? 0),
    };

    public DisclosureRecord Apply(ScheduleIssued e) => this with { IssuedVersions = Math.Max(IssuedVersions, e.Version) };
}

/// <summary>The disclosure officer's decision on one exhibit of an operation.</summary>
public sealed record DecideRelevance(
    Guid OperationId, Guid MaterialId, bool Relevant, bool Sensitive, string Description, string Location, string Reason,
    string? SensitivityReason, Actor By) : IActorCommand;

public static class DisclosureDecisions
{
    /// <summary>
    /// Records a decision. An exhibit joining MG6C or MG6D for the first time takes that schedule's
    /// next item number; one that leaves keeps its number unused, and takes it back if it returns,
    /// so a number on a schedule already served always means the same exhibit.
    /// </summary>
    public static MaterialRelevanceDecided Decide(DisclosureRecord current, DecideRelevance command, DateTimeOffset now)
    {
        if (command.Sensitive && !command.Relevant)
            throw new RuleRefused("not-relevant-but-sensitive",
                "Only relevant material is scheduled: material that is not relevant cannot be scheduled as sensitive.");
        current.Entries.TryGetValue(command.MaterialId, out var earlier);
        var mg6c = earlier?.Mg6cItem;
        var mg6d = earlier?.Mg6dItem;
        if (command.Relevant && !command.Sensitive) mg6c ??= current.LastMg6cItem + 1;
        if (command.Relevant && command.Sensitive) mg6d ??= current.LastMg6dItem + 1;
        return new MaterialRelevanceDecided(command.OperationId, command.MaterialId, command.Relevant, command.Sensitive,
            command.Description, command.Location, command.Reason, command.Sensitive ? command.SensitivityReason : null,
            mg6c, mg6d, command.By, now);
    }

    /// <summary>The next version of the schedules, frozen with the audit anchor it was issued against.</summary>
    public static ScheduleIssued Issue(DisclosureRecord current, string sha256, long size, string mediaType, AuditChainAnchor anchor,
        Actor by, DateTimeOffset now) =>
        new(current.OperationId, current.IssuedVersions + 1, sha256, size, mediaType, current.Mg6c.Count(), current.Mg6d.Count(),
            anchor, by, now);
}

public static class DisclosureStreams
{
    /// <summary>The disclosure stream of an operation: derived from its id, so it needs no lookup.</summary>
    public static Guid For(Guid operationId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"disclosure|{operationId:N}")).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // RFC 9562 version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
