using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class ClosingTests
{
    private static CloseOperation Close(Actor by) => new(OperationId, 4, "No further lines of enquiry.", by);

    [Fact]
    public void the_owning_force_closes_its_operation()
    {
        var closed = OperationDecisions.Decide(Given(Tasked(), Accepted()), Close(OwningInvestigator), Now);

        Assert.Equal(new OperationClosed(OperationId, "No further lines of enquiry.", OwningInvestigator, Now), closed);
    }

    [Fact]
    public void a_toex_analyst_closes_an_operation()
    {
        var closed = OperationDecisions.Decide(Given(Tasked(), Accepted()), Close(ToexAnalyst), Now);

        Assert.Equal(new OperationClosed(OperationId, "No further lines of enquiry.", ToexAnalyst, Now), closed);
    }

    [Fact]
    public void a_toex_supervisor_closes_an_operation()
    {
        var closed = OperationDecisions.Decide(Given(Tasked()), Close(ToexSupervisor), Now);

        Assert.Equal(new OperationClosed(OperationId, "No further lines of enquiry.", ToexSupervisor, Now), closed);
    }

    [Fact]
    public void closing_makes_the_operation_closed()
    {
        var current = Given(Tasked(), Accepted(), Closed());

        Assert.Equal(OperationStatus.Closed, current.Status);
        Assert.True(current.EverAccepted);
    }

    [Fact]
    public void closing_by_another_force_is_refused()
    {
        AssertRefused("close-owner", () => OperationDecisions.Decide(Given(Tasked()), Close(Investigator("suffolk")), Now));
    }

    [Theory]
    [InlineData("suffolk")]
    [InlineData("nca")]
    public void closing_by_a_force_or_agency_it_was_shared_with_is_refused(string sharedWith)
    {
        var current = Given(Tasked(), Shared(sharedWith));

        AssertRefused("close-owner", () => OperationDecisions.Decide(current, Close(Investigator(sharedWith)), Now));
    }

    [Fact]
    public void closing_a_closed_operation_is_refused()
    {
        AssertRefused("operation-closed", () => OperationDecisions.Decide(Given(Tasked(), Closed()), Close(OwningInvestigator), Now));
    }

    [Fact]
    public void closing_a_closed_operation_is_refused_as_closed_even_for_another_force()
    {
        AssertRefused("operation-closed",
            () => OperationDecisions.Decide(Given(Tasked(), Closed()), Close(Investigator("suffolk")), Now));
    }

    [Fact]
    public void a_reopened_operation_can_be_closed_again()
    {
        var closed = OperationDecisions.Decide(Given(Tasked(), Closed(), Reopened()), Close(OwningInvestigator), Now);

        Assert.Equal(new OperationClosed(OperationId, "No further lines of enquiry.", OwningInvestigator, Now), closed);
    }
}
