using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class RecordingOutcomesTests
{
    private static readonly Guid OutcomeId = new("7a1c2e3f-0000-4000-8000-0000000000bb");

    private static RecordOutcome Record(int count) =>
        new(OperationId, 3, OutcomeId, OutcomeKind.SafeguardingReferral, "Referrals for three children.", count, OwningInvestigator);

    [Fact]
    public void the_owning_force_records_an_outcome_on_an_accepted_operation()
    {
        var recorded = OperationDecisions.Decide(Given(Tasked(), Accepted()), Record(3), Now);

        Assert.Equal(
            new OutcomeRecorded(OperationId, OutcomeId, OutcomeKind.SafeguardingReferral, "Referrals for three children.", 3,
                OwningInvestigator, Now),
            recorded);
    }

    [Fact]
    public void an_outcome_can_be_recorded_before_toex_accepts()
    {
        var recorded = OperationDecisions.Decide(Given(Tasked()), Record(1), Now);

        Assert.Equal(1, recorded.Count);
        Assert.Equal(Now, recorded.At);
    }

    [Fact]
    public void recording_an_outcome_leaves_the_operation_as_it_was()
    {
        var before = Given(Tasked(), Accepted());

        Assert.Same(before, Operation.Apply(Outcome(), before));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void recording_an_outcome_counting_less_than_one_is_refused(int count)
    {
        AssertRefused("outcome-count", () => OperationDecisions.Decide(Given(Tasked(), Accepted()), Record(count), Now));
    }

    [Fact]
    public void recording_an_outcome_on_a_closed_operation_is_refused()
    {
        AssertRefused("operation-closed",
            () => OperationDecisions.Decide(Given(Tasked(), Accepted(), Outcome(), Closed()), Record(3), Now));
    }
}
