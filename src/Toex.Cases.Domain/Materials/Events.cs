using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Materials;

/// <summary>An exhibit was registered: its content hashed (SHA-256) as it was stored.</summary>
public sealed record MaterialRegistered(
    Guid MaterialId, Guid OperationId, string ExhibitRef, string Description, string? SeizedFrom, string? AttributedTo,
    string FileName, string MediaType, long Size, string Sha256, Actor By, DateTimeOffset At);

/// <summary>Someone read an exhibit's content (continuity): why, and for which tool run if any.</summary>
public sealed record MaterialContentAccessed(
    Guid MaterialId, Guid OperationId, AccessPurpose Purpose, Guid? ToolRunId, Actor By, DateTimeOffset At);

/// <summary>The stored content no longer matches the hash taken at registration; it was not served.</summary>
public sealed record MaterialIntegrityFailed(
    Guid MaterialId, Guid OperationId, string ExpectedSha256, string? ActualSha256, Actor By, DateTimeOffset At);

public enum AccessPurpose { Download, ToolRun }
