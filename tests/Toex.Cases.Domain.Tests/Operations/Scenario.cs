using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Domain.Tests.Operations;

/// <summary>
/// Given-events / when-command / then-events without a database: the state a decision sees is
/// the fold of the given events through <see cref="Operation.Create"/> and the Apply methods,
/// exactly as Marten's live aggregation builds it.
/// </summary>
internal static class Scenario
{
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 10, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Earlier = Now.AddDays(-3);

    public static readonly Guid OperationId = new("7a1c2e3f-0000-4000-8000-000000000001");

    public const string OwningForce = "norfolk";
    public const string OwningRegion = "eastern";

    public static readonly Actor OwningInvestigator = Investigator(OwningForce);
    public static readonly Actor ToexAnalyst = new("toex-analyst-1", "Priya Analyst", "toex", Role.Analyst);
    public static readonly Actor ToexSupervisor = new("toex-supervisor-1", "Sam Supervisor", "toex", Role.Supervisor);

    public static Actor Investigator(string force) => new($"{force}-investigator", $"Investigator of {force}", force, Role.Investigator);

    public static Operation Given(params object[] events)
    {
        if (events is not [OperationTasked tasked, .. var rest])
            throw new ArgumentException("A stream starts with OperationTasked.", nameof(events));

        var current = Operation.Create(tasked);
        foreach (var e in rest)
        {
            current = e switch
            {
                OperationAccepted accepted => Operation.Apply(accepted, current),
                AnalystAssigned assigned => Operation.Apply(assigned, current),
                OutcomeRecorded recorded => Operation.Apply(recorded, current),
                OperationShared shared => Operation.Apply(shared, current),
                OperationClosed closed => Operation.Apply(closed, current),
                OperationReopened reopened => Operation.Apply(reopened, current),
                _ => throw new ArgumentException($"No Apply for {e.GetType().Name}.", nameof(events)),
            };
        }
        return current;
    }

    public static OperationTasked Tasked(string force = OwningForce, string region = OwningRegion) =>
        new(OperationId, "Operation Lantern", force, region, [ThreatCategory.CountyLines], Priority.High,
            "Lines running from the city into coastal towns.", Investigator(force), Earlier);

    public static OperationAccepted Accepted() => new(OperationId, ToexAnalyst, Earlier);

    public static AnalystAssigned Assigned(string analystId) =>
        new(OperationId, analystId, $"Analyst {analystId}", ToexAnalyst, Earlier);

    public static OutcomeRecorded Outcome() =>
        new(OperationId, new Guid("7a1c2e3f-0000-4000-8000-0000000000aa"), OutcomeKind.Arrest, "Two arrests.", 2, OwningInvestigator, Earlier);

    public static OperationShared Shared(string with) => new(OperationId, with, "Cross-border nominals.", OwningInvestigator, Earlier);

    public static OperationClosed Closed() => new(OperationId, "No further lines of enquiry.", OwningInvestigator, Earlier);

    public static OperationReopened Reopened() => new(OperationId, "New intelligence.", OwningInvestigator, Earlier);

    /// <summary>Asserts that the decision is refused by the named rule and returns nothing to append.</summary>
    public static RuleRefused AssertRefused(string rule, Func<object> decide)
    {
        var refused = Assert.Throws<RuleRefused>(decide);
        Assert.Equal(rule, refused.Rule);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        return refused;
    }
}
