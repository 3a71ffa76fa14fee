using Marten.Events.Aggregation;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Projections.ToolRuns;

/// <summary>
/// The Domain's <see cref="ToolRun"/> write model, kept as an inline snapshot: a run's stream holds
/// every artefact it produced (hundreds of thousands of events), so it is never rebuilt live.
/// </summary>
public sealed partial class ToolRunWriteModel : SingleStreamProjection<ToolRun, Guid>
{
    public static ToolRun Create(ToolRunRequested e) => ToolRun.Create(e);
    public static ToolRun Apply(ToolRunStarted e, ToolRun current) => ToolRun.Apply(e, current);
    public static ToolRun Apply(ToolRunProgressed e, ToolRun current) => ToolRun.Apply(e, current);
    public static ToolRun Apply(ToolRunCompleted e, ToolRun current) => ToolRun.Apply(e, current);
    public static ToolRun Apply(ToolRunFailed e, ToolRun current) => ToolRun.Apply(e, current);
    public static ToolRun Apply(ToolRunCancelled e, ToolRun current) => ToolRun.Apply(e, current);
    public static ToolRun Apply(ToolRunRetracted e, ToolRun current) => ToolRun.Apply(e, current);
}
