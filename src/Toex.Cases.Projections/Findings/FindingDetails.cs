using Marten.Events.Aggregation;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Findings;

namespace Toex.Cases.Projections.Findings;

public sealed class FindingDetails
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid OperationId { get; set; }
    public FindingKind Kind { get; set; }
    public string Summary { get; set; } = "";
    public List<Guid> ArtefactIds { get; set; } = [];
    public List<Guid> ToolRunIds { get; set; } = [];
    public EvidentialValue EvidentialValue { get; set; }
    public Guid? Supersedes { get; set; }
    public Guid? SupersededBy { get; set; }
    public bool Current => SupersededBy is null;
    public Actor RecordedBy { get; set; } = null!;
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed partial class FindingDetailsProjection : SingleStreamProjection<FindingDetails, Guid>
{
    public static FindingDetails Create(FindingRecorded e) => new()
    {
        Id = e.FindingId, OperationId = e.OperationId, Kind = e.Kind, Summary = e.Summary, ArtefactIds = [.. e.ArtefactIds],
        ToolRunIds = [.. e.ToolRunIds], EvidentialValue = e.EvidentialValue, Supersedes = e.Supersedes, RecordedBy = e.By,
        RecordedAt = e.At,
    };

    public static void Apply(FindingSuperseded e, FindingDetails view) => view.SupersededBy = e.SupersededBy;
}
