using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Materials;

namespace Toex.Cases.Projections.Materials;

public sealed record AccessView(AccessPurpose Purpose, Guid? ToolRunId, Actor By, DateTimeOffset At);

public sealed record IntegrityFailureView(string ExpectedSha256, string? ActualSha256, Actor DetectedBy, DateTimeOffset At);

/// <summary>An exhibit's metadata and continuity: every read of its content and any integrity failure.</summary>
public sealed class MaterialDetails
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid OperationId { get; set; }
    public string ExhibitRef { get; set; } = "";
    public string Description { get; set; } = "";
    public string? SeizedFrom { get; set; }
    public string? AttributedTo { get; set; }
    public string FileName { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public Actor RegisteredBy { get; set; } = null!;
    public DateTimeOffset RegisteredAt { get; set; }
    public List<AccessView> Accesses { get; set; } = [];
    public List<IntegrityFailureView> IntegrityFailures { get; set; } = [];
}

public sealed partial class MaterialDetailsProjection : SingleStreamProjection<MaterialDetails, Guid>
{
    public static MaterialDetails Create(MaterialRegistered e) => new()
    {
        Id = e.MaterialId, OperationId = e.OperationId, ExhibitRef = e.ExhibitRef, Description = e.Description,
        SeizedFrom = e.SeizedFrom, AttributedTo = e.AttributedTo, FileName = e.FileName, MediaType = e.MediaType,
        Size = e.Size, Sha256 = e.Sha256, RegisteredBy = e.By, RegisteredAt = e.At,
    };

    public static void Apply(MaterialContentAccessed e, MaterialDetails view) =>
        view.Accesses.Add(new AccessView(e.Purpose, e.ToolRunId, e.By, e.At));

    public static void Apply(MaterialIntegrityFailed e, MaterialDetails view) =>
        view.IntegrityFailures.Add(new IntegrityFailureView(e.ExpectedSha256, e.ActualSha256, e.By, e.At));
}
