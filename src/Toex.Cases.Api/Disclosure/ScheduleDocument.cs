namespace Toex.Cases.Api.Disclosure;

/// <summary>An item of the MG6C schedule: relevant, non-sensitive unused material.</summary>
public sealed record Mg6cItem(int ItemNumber, string Description, string Location, Guid MaterialId, string ExhibitRef);

/// <summary>An item of the MG6D schedule: sensitive unused material, with why it is sensitive.</summary>
public sealed record Mg6dItem(int ItemNumber, string Description, string SensitivityReason, Guid MaterialId, string ExhibitRef);

/// <summary>Where the operation's audit chain stood when a schedule was produced: printed so a later check can prove nothing changed since.</summary>
public sealed record AuditAnchor(string Hash, long Count, DateTimeOffset? At);

/// <summary>Which forms a rendered schedule document holds.</summary>
[Flags]
public enum ScheduleForms
{
    Mg6c = 1,
    Mg6d = 2,
    Both = Mg6c | Mg6d,
}

/// <summary>
/// Everything a schedule document shows: the forms it holds, the operation it is for, who produced
/// it and when, the issued version (null for a working copy) and the audit anchor.
/// </summary>
public sealed record ScheduleDocument(
    ScheduleForms Forms,
    Guid OperationId,
    string OperationName,
    string OwningForce,
    IReadOnlyList<Mg6cItem> Mg6c,
    IReadOnlyList<Mg6dItem> Mg6d,
    string PreparedBy,
    DateTimeOffset PreparedAt,
    int? Version,
    AuditAnchor? Anchor);
