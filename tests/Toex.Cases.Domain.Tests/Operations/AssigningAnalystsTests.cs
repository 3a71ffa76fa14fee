using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class AssigningAnalystsTests
{
    private static AssignAnalyst Assign(string analystId) => new(OperationId, 2, analystId, $"Analyst {analystId}", ToexAnalyst);

    [Fact]
    public void toex_assigns_an_analyst_to_an_accepted_operation()
    {
        var assigned = OperationDecisions.Decide(Given(Tasked(), Accepted()), Assign("analyst-7"), Now);

        Assert.Equal(new AnalystAssigned(OperationId, "analyst-7", "Analyst analyst-7", ToexAnalyst, Now), assigned);
    }

    [Fact]
    public void a_second_analyst_can_join_the_first()
    {
        var current = Given(Tasked(), Accepted(), Assigned("analyst-7"));

        var assigned = OperationDecisions.Decide(current, Assign("analyst-8"), Now);

        Assert.Equal(new AnalystAssigned(OperationId, "analyst-8", "Analyst analyst-8", ToexAnalyst, Now), assigned);
    }

    [Fact]
    public void assigned_analysts_are_remembered_by_the_operation()
    {
        var current = Given(Tasked(), Accepted(), Assigned("analyst-7"), Assigned("analyst-8"));

        Assert.Equal(["analyst-7", "analyst-8"], current.Analysts.Order());
    }

    [Fact]
    public void assigning_an_analyst_before_acceptance_is_refused()
    {
        AssertRefused("not-accepted", () => OperationDecisions.Decide(Given(Tasked()), Assign("analyst-7"), Now));
    }

    [Fact]
    public void assigning_an_analyst_to_an_operation_reopened_before_acceptance_is_refused()
    {
        AssertRefused("not-accepted",
            () => OperationDecisions.Decide(Given(Tasked(), Closed(), Reopened()), Assign("analyst-7"), Now));
    }

    [Fact]
    public void assigning_an_analyst_already_assigned_is_refused()
    {
        AssertRefused("already-assigned",
            () => OperationDecisions.Decide(Given(Tasked(), Accepted(), Assigned("analyst-7")), Assign("analyst-7"), Now));
    }

    [Fact]
    public void assigning_an_analyst_already_assigned_before_a_close_and_reopen_is_refused()
    {
        var current = Given(Tasked(), Accepted(), Assigned("analyst-7"), Closed(), Reopened());

        AssertRefused("already-assigned", () => OperationDecisions.Decide(current, Assign("analyst-7"), Now));
    }

    [Fact]
    public void assigning_an_analyst_to_a_closed_operation_is_refused()
    {
        AssertRefused("operation-closed",
            () => OperationDecisions.Decide(Given(Tasked(), Accepted(), Closed()), Assign("analyst-7"), Now));
    }
}
