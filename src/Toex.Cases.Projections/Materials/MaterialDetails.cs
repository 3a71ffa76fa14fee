using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Materials;

namespace Toex.Cases.Projections.Materials;

public sealed record AccessView(AccessPurpose Purpose, Guid? ToolRunId, Actor By, DateTimeOffset At);

public sealed record IntegrityFailureView(string ExpectedSha256, string? ActualSha256, Actor DetectedBy, DateTimeOffset At);

/// <summary>
/// An exhibit's metadata and continuity: how many times its content was read, the latest reads,
/// and any integrity failure. The whole continuity, every read, is on the exhibit's stream
/// (GET /api/materials/{id}/continuity): a busy exhibit is read tens of thousands of times, and
/// this document is rewritten on each read, so it keeps only the latest.
/// </summary>
public sealed class MaterialDetails
{
    /// <summary>How many of the latest reads the document keeps.</summary>
    public const int LatestAccessesKept = 20;

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
    public long AccessCount { get; set; }
    /// <summary>The latest reads, oldest first (at most <see cref="LatestAccessesKept"/>).</summary>
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

    public static void Apply(MaterialContentAccessed e, MaterialDetails view)
    {
        view.AccessCount++;
        view.Accesses.Add(new AccessView(e.Purpose, e.ToolRunId, e.By, e.At));
        if (view.Accesses.Count > MaterialDetails.LatestAccessesKept) view.Accesses.RemoveAt(0);
    }

    public static void Apply(MaterialIntegrityFailed e, MaterialDetails view) =>
        view.IntegrityFailures.Add(new IntegrityFailureView(e.ExpectedSha256, e.ActualSha256, e.By, e.At));
}
