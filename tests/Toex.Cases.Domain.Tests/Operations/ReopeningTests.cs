using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class ReopeningTests
{
    private static ReopenOperation Reopen(Actor by) => new(OperationId, 5, "New intelligence.", by);

    [Fact]
    public void the_owning_force_reopens_its_closed_operation()
    {
        var reopened = OperationDecisions.Decide(Given(Tasked(), Accepted(), Closed()), Reopen(OwningInvestigator), Now);

        Assert.Equal(new OperationReopened(OperationId, "New intelligence.", OwningInvestigator, Now), reopened);
    }

    [Fact]
    public void a_toex_analyst_reopens_a_closed_operation()
    {
        var reopened = OperationDecisions.Decide(Given(Tasked(), Closed()), Reopen(ToexAnalyst), Now);

        Assert.Equal(new OperationReopened(OperationId, "New intelligence.", ToexAnalyst, Now), reopened);
    }

    [Fact]
    public void a_toex_supervisor_reopens_a_closed_operation()
    {
        var reopened = OperationDecisions.Decide(Given(Tasked(), Closed()), Reopen(ToexSupervisor), Now);

        Assert.Equal(new OperationReopened(OperationId, "New intelligence.", ToexSupervisor, Now), reopened);
    }

    [Fact]
    public void reopening_an_operation_that_was_accepted_returns_it_to_accepted()
    {
        var current = Given(Tasked(), Accepted(), Closed(), Reopened());

        Assert.Equal(OperationStatus.Accepted, current.Status);
        Assert.True(current.EverAccepted);
    }

    [Fact]
    public void reopening_an_operation_that_was_never_accepted_returns_it_to_tasked()
    {
        var current = Given(Tasked(), Closed(), Reopened());

        Assert.Equal(OperationStatus.Tasked, current.Status);
        Assert.False(current.EverAccepted);
    }

    [Fact]
    public void reopening_keeps_the_analysts_and_the_sharing()
    {
        var current = Given(Tasked(), Accepted(), Assigned("analyst-7"), Shared("nca"), Closed(), Reopened());

        Assert.Equal(["analyst-7"], current.Analysts);
        Assert.Equal(["nca"], current.SharedWith);
    }

    [Fact]
    public void an_operation_accepted_once_returns_to_accepted_after_every_reopening()
    {
        var current = Given(Tasked(), Accepted(), Closed(), Reopened(), Closed(), Reopened());

        Assert.Equal(OperationStatus.Accepted, current.Status);
    }

    [Fact]
    public void reopening_a_tasked_operation_is_refused()
    {
        AssertRefused("not-closed", () => OperationDecisions.Decide(Given(Tasked()), Reopen(OwningInvestigator), Now));
    }

    [Fact]
    public void reopening_an_accepted_operation_is_refused()
    {
        AssertRefused("not-closed", () => OperationDecisions.Decide(Given(Tasked(), Accepted()), Reopen(OwningInvestigator), Now));
    }

    [Fact]
    public void reopening_a_reopened_operation_is_refused()
    {
        AssertRefused("not-closed",
            () => OperationDecisions.Decide(Given(Tasked(), Closed(), Reopened()), Reopen(OwningInvestigator), Now));
    }

    [Theory]
    [InlineData("suffolk")]
    [InlineData("nca")]
    public void reopening_by_anyone_but_the_owning_force_or_toex_is_refused(string force)
    {
        var current = Given(Tasked(), Shared(force), Closed());

        AssertRefused("reopen-owner", () => OperationDecisions.Decide(current, Reopen(Investigator(force)), Now));
    }
}
