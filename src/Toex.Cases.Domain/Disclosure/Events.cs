using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Disclosure;

// The disclosure stream of an operation (DisclosureStreams.For): the disclosure officer's CPIA
// decisions, the schedules issued, and the reads that disclosure itself makes (exports,
// verifications), so that the trail shows who looked at what.

/// <summary>
/// A relevance and sensitivity decision on one exhibit; a later one supersedes it and both stay.
/// Item numbers are taken when the exhibit first joins a schedule and are never given to another.
/// </summary>
public sealed record MaterialRelevanceDecided(
    Guid OperationId, Guid MaterialId, bool Relevant, bool Sensitive, string Description, string Location, string Reason,
    string? SensitivityReason, int? Mg6cItem, int? Mg6dItem, Actor By, DateTimeOffset At);

/// <summary>A version of the schedules was issued: its bytes are kept, under their SHA-256.</summary>
public sealed record ScheduleIssued(
    Guid OperationId, int Version, string Sha256, long Size, string MediaType, int Mg6cItems, int Mg6dItems,
    AuditChainAnchor Anchor, Actor By, DateTimeOffset At);

/// <summary>Where an operation's audit chain stood: the hash of its last entry, how many entries, and when the last was made.</summary>
public sealed record AuditChainAnchor(string Hash, long Count, DateTimeOffset? At);

public enum DisclosureExport { AuditTrail, Mg6c, Mg6d, IssuedSchedule, DigitalStrategy }

/// <summary>Someone read a disclosure record out of the system (a trail, a schedule, the digital strategy): what, in which format, how many entries.</summary>
public sealed record DisclosureExported(
    Guid OperationId, DisclosureExport Export, string Format, int? Version, long Entries, Actor By, DateTimeOffset At);

/// <summary>Someone checked the audit chain against the events table, and what it showed.</summary>
public sealed record AuditChainVerified(
    Guid OperationId, bool Valid, long Entries, long? FirstBrokenSequence, AuditChainAnchor Anchor, Actor By, DateTimeOffset At);
