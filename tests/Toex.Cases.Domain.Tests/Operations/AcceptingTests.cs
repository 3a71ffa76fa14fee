using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class AcceptingTests
{
    private static AcceptOperation Accept() => new(OperationId, 1, ToexAnalyst);

    [Fact]
    public void toex_accepts_a_tasked_operation()
    {
        var accepted = OperationDecisions.Decide(Given(Tasked()), Accept(), Now);

        Assert.Equal(new OperationAccepted(OperationId, ToexAnalyst, Now), accepted);
    }

    [Fact]
    public void accepting_makes_the_operation_accepted()
    {
        var current = Given(Tasked(), OperationDecisions.Decide(Given(Tasked()), Accept(), Now));

        Assert.Equal(OperationStatus.Accepted, current.Status);
        Assert.True(current.EverAccepted);
    }

    [Fact]
    public void accepting_an_accepted_operation_is_refused()
    {
        AssertRefused("already-accepted", () => OperationDecisions.Decide(Given(Tasked(), Accepted()), Accept(), Now));
    }

    [Fact]
    public void accepting_a_closed_operation_is_refused()
    {
        AssertRefused("operation-closed", () => OperationDecisions.Decide(Given(Tasked(), Closed()), Accept(), Now));
    }

    [Fact]
    public void accepting_a_closed_accepted_operation_is_refused_as_closed()
    {
        AssertRefused("operation-closed", () => OperationDecisions.Decide(Given(Tasked(), Accepted(), Closed()), Accept(), Now));
    }

    [Fact]
    public void an_operation_reopened_before_it_was_ever_accepted_can_be_accepted()
    {
        var accepted = OperationDecisions.Decide(Given(Tasked(), Closed(), Reopened()), Accept(), Now);

        Assert.Equal(new OperationAccepted(OperationId, ToexAnalyst, Now), accepted);
    }

    [Fact]
    public void accepting_an_operation_reopened_after_acceptance_is_refused()
    {
        AssertRefused("already-accepted",
            () => OperationDecisions.Decide(Given(Tasked(), Accepted(), Closed(), Reopened()), Accept(), Now));
    }
}
