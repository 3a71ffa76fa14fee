using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using static Toex.Cases.Domain.Tests.Operations.Scenario;

namespace Toex.Cases.Domain.Tests.Operations;

public class TaskingTests
{
    private static TaskOperation Task(Actor by, params ThreatCategory[] threats) =>
        new(OperationId, "Operation Lantern", threats, Priority.High, "Lines running into coastal towns.", by);

    [Fact]
    public void an_investigator_of_a_police_force_tasks_an_operation()
    {
        var command = Task(OwningInvestigator, ThreatCategory.CountyLines, ThreatCategory.ChildSexualExploitation);

        var tasked = OperationDecisions.Decide(command, Now);

        Assert.Equal(OperationId, tasked.OperationId);
        Assert.Equal("Operation Lantern", tasked.Name);
        Assert.Equal("norfolk", tasked.Force);
        Assert.Equal("eastern", tasked.Region);
        Assert.Equal([ThreatCategory.CountyLines, ThreatCategory.ChildSexualExploitation], tasked.Threats);
        Assert.Equal(Priority.High, tasked.Priority);
        Assert.Equal("Lines running into coastal towns.", tasked.Summary);
        Assert.Equal(OwningInvestigator, tasked.By);
        Assert.Equal(Now, tasked.At);
    }

    [Theory]
    [InlineData("norfolk", "eastern")]
    [InlineData("west-yorkshire", "yorkshire-humber")]
    [InlineData("metropolitan", "london")]
    [InlineData("british-transport-police", "london")]
    [InlineData("south-wales", "wales")]
    public void the_force_and_region_come_from_the_tasking_investigators_force(string force, string region)
    {
        var tasked = OperationDecisions.Decide(Task(Investigator(force), ThreatCategory.Trafficking), Now);

        Assert.Equal(force, tasked.Force);
        Assert.Equal(region, tasked.Region);
    }

    [Fact]
    public void repeated_threat_categories_are_recorded_once_in_their_first_order()
    {
        var command = Task(OwningInvestigator,
            ThreatCategory.CountyLines, ThreatCategory.Trafficking, ThreatCategory.CountyLines, ThreatCategory.Trafficking);

        var tasked = OperationDecisions.Decide(command, Now);

        Assert.Equal([ThreatCategory.CountyLines, ThreatCategory.Trafficking], tasked.Threats);
    }

    [Theory]
    [InlineData("nca")]
    [InlineData("glaa")]
    [InlineData("toex")]
    [InlineData("atlantis")]
    [InlineData("Norfolk")]
    [InlineData("")]
    public void tasking_by_anyone_but_a_police_force_is_refused(string force)
    {
        AssertRefused("tasking-force", () => OperationDecisions.Decide(Task(Investigator(force), ThreatCategory.CountyLines), Now));
    }

    [Fact]
    public void tasking_without_a_threat_category_is_refused()
    {
        AssertRefused("threats-required", () => OperationDecisions.Decide(Task(OwningInvestigator), Now));
    }

    [Fact]
    public void a_tasked_operation_starts_tasked_with_no_analysts_and_shared_with_nobody()
    {
        var current = Given(OperationDecisions.Decide(Task(OwningInvestigator, ThreatCategory.ModernSlavery), Now));

        Assert.Equal(OperationId, current.Id);
        Assert.Equal("norfolk", current.Force);
        Assert.Equal("eastern", current.Region);
        Assert.Equal(OperationStatus.Tasked, current.Status);
        Assert.False(current.EverAccepted);
        Assert.Empty(current.Analysts);
        Assert.Empty(current.SharedWith);
    }
}
