using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Domain.Tests.ToolRuns;

public sealed class RetractionTests
{
    private static readonly Actor Investigator = new("n-inv-1", "DC Jane Smith", "norfolk", Role.Investigator);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static ToolRun Run(params object[] events)
    {
        var run = ToolRun.Create(new ToolRunRequested(Guid.NewGuid(), Guid.NewGuid(), Tool.Translate, [Guid.NewGuid()], new ToolParameters(),
            Investigator, Now));
        foreach (var e in events)
        {
            run = e switch
            {
                ToolRunStarted s => ToolRun.Apply(s, run),
                ToolRunCompleted c => ToolRun.Apply(c, run),
                ToolRunCancelled c => ToolRun.Apply(c, run),
                ToolRunRetracted r => ToolRun.Apply(r, run),
                _ => throw new ArgumentOutOfRangeException(nameof(events)),
            };
        }
        return run;
    }

    private static readonly ToolRunStarted Started = new(Guid.Empty, Guid.Empty, 1, 10, ToolRunDecisions.Runner, Now);
    private static readonly ToolRunCompleted Completed = new(Guid.Empty, Guid.Empty, ToolRunMetrics.None, ToolRunDecisions.Runner, Now);

    [Fact]
    public void a_finished_runs_output_is_retracted_with_who_when_and_why()
    {
        var run = Run(Started, Completed);

        var retracted = ToolRunDecisions.Decide(run, new RetractToolRun(run.Id, "Wrong handset", Investigator), Now);

        Assert.Equal(new ToolRunRetracted(run.Id, run.OperationId, "Wrong handset", Investigator, Now), retracted);
    }

    [Fact]
    public void a_cancelled_run_can_be_retracted_too()
    {
        var run = Run(Started, new ToolRunCancelled(Guid.Empty, Guid.Empty, null, Investigator, Now));

        var retracted = ToolRunDecisions.Decide(run, new RetractToolRun(run.Id, "Cancelled too late", Investigator), Now);

        Assert.Equal(run.Id, retracted.RunId);
        Assert.Equal("Cancelled too late", retracted.Reason);
    }

    [Fact]
    public void a_run_still_going_is_cancelled_before_it_is_retracted()
    {
        var refused = Assert.Throws<RuleRefused>(() => ToolRunDecisions.Decide(Run(Started), new RetractToolRun(Guid.Empty, "r", Investigator), Now));
        Assert.Equal("run-not-finished", refused.Rule);
    }

    [Fact]
    public void a_run_is_retracted_once()
    {
        var run = Run(Started, Completed, new ToolRunRetracted(Guid.Empty, Guid.Empty, "r", Investigator, Now));
        var refused = Assert.Throws<RuleRefused>(() => ToolRunDecisions.Decide(run, new RetractToolRun(run.Id, "again", Investigator), Now));
        Assert.Equal("run-retracted", refused.Rule);
    }
}
