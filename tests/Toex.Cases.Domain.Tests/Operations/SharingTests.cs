using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class SharingTests
{
    private static ShareOperation Share(string with) => new(OperationId, 2, with, "Nominals live in their area.", OwningInvestigator);

    [Fact]
    public void the_owning_force_shares_an_operation_with_another_force()
    {
        var shared = OperationDecisions.Decide(Given(Tasked(), Accepted()), Share("suffolk"), Now);

        Assert.Equal(new OperationShared(OperationId, "suffolk", "Nominals live in their area.", OwningInvestigator, Now), shared);
    }

    [Theory]
    [InlineData("nca")]
    [InlineData("glaa")]
    [InlineData("hmrc")]
    [InlineData("immigration-enforcement")]
    public void an_operation_can_be_shared_with_an_agency(string agency)
    {
        var shared = OperationDecisions.Decide(Given(Tasked()), Share(agency), Now);

        Assert.Equal(new OperationShared(OperationId, agency, "Nominals live in their area.", OwningInvestigator, Now), shared);
    }

    [Fact]
    public void an_operation_can_be_shared_with_a_force_in_another_region()
    {
        var shared = OperationDecisions.Decide(Given(Tasked()), Share("metropolitan"), Now);

        Assert.Equal("metropolitan", shared.With);
    }

    [Fact]
    public void an_operation_shared_with_one_force_can_be_shared_with_another()
    {
        var shared = OperationDecisions.Decide(Given(Tasked(), Shared("suffolk")), Share("nca"), Now);

        Assert.Equal("nca", shared.With);
    }

    [Fact]
    public void sharing_is_remembered_by_the_operation()
    {
        var current = Given(Tasked(), Shared("suffolk"), Shared("nca"));

        Assert.Equal(["nca", "suffolk"], current.SharedWith.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("toex")]
    [InlineData("atlantis")]
    [InlineData("NCA")]
    [InlineData("")]
    public void sharing_with_anything_but_a_force_or_agency_is_refused(string with)
    {
        AssertRefused("share-target", () => OperationDecisions.Decide(Given(Tasked()), Share(with), Now));
    }

    [Fact]
    public void sharing_with_the_owning_force_is_refused()
    {
        AssertRefused("share-owner", () => OperationDecisions.Decide(Given(Tasked()), Share(OwningForce), Now));
    }

    [Fact]
    public void sharing_again_with_a_force_already_shared_with_is_refused()
    {
        AssertRefused("already-shared", () => OperationDecisions.Decide(Given(Tasked(), Shared("suffolk")), Share("suffolk"), Now));
    }

    [Fact]
    public void sharing_a_closed_operation_is_refused()
    {
        AssertRefused("operation-closed", () => OperationDecisions.Decide(Given(Tasked(), Closed()), Share("suffolk"), Now));
    }
}
