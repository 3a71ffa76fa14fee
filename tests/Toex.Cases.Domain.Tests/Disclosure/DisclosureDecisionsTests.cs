using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Domain.Tests.Disclosure;

public sealed class DisclosureDecisionsTests
{
    private static readonly Guid Operation = Guid.Parse("0193a5a0-0000-7000-8000-0000000000aa");
    private static readonly Actor Officer = new("n-do-1", "Sam Disclosure", "norfolk", Role.DisclosureOfficer);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static DecideRelevance Command(Guid material, bool relevant, bool sensitive) =>
        new(Operation, material, relevant, sensitive, "d", "l", "r", sensitive ? "s" : null, Officer);

    private static (DisclosureRecord Record, MaterialRelevanceDecided Decided) Decide(DisclosureRecord record, Guid material, bool relevant, bool sensitive)
    {
        var decided = DisclosureDecisions.Decide(record, Command(material, relevant, sensitive), Now);
        return (record.Apply(decided), decided);
    }

    [Fact]
    public void each_schedule_numbers_its_items_in_turn()
    {
        var record = DisclosureRecord.Empty(Operation);
        (record, var a) = Decide(record, Guid.NewGuid(), true, false);
        (record, var b) = Decide(record, Guid.NewGuid(), true, true);
        (record, var c) = Decide(record, Guid.NewGuid(), true, false);
        (_, var d) = Decide(record, Guid.NewGuid(), false, false);

        Assert.Equal((1, (int?)null), (a.Mg6cItem!.Value, a.Mg6dItem));
        Assert.Equal(((int?)null, 1), (b.Mg6cItem, b.Mg6dItem!.Value));
        Assert.Equal(2, c.Mg6cItem);
        Assert.Equal(((int?)null, (int?)null), (d.Mg6cItem, d.Mg6dItem));
    }

    [Fact]
    public void a_number_once_given_stays_with_its_exhibit_and_is_never_given_again()
    {
        var first = Guid.NewGuid();
        var record = DisclosureRecord.Empty(Operation);
        (record, _) = Decide(record, first, true, false);
        (record, _) = Decide(record, first, false, false);
        (record, var next) = Decide(record, Guid.NewGuid(), true, false);
        (record, var back) = Decide(record, first, true, false);

        Assert.Equal(2, next.Mg6cItem);
        Assert.Equal(1, back.Mg6cItem);
        Assert.Equal([1, 2], record.Mg6c.Select(e => e.Mg6cItem!.Value));
    }

    [Fact]
    public void material_that_is_not_relevant_cannot_be_scheduled_as_sensitive()
    {
        var refused = Assert.Throws<RuleRefused>(() =>
            DisclosureDecisions.Decide(DisclosureRecord.Empty(Operation), Command(Guid.NewGuid(), false, true), Now));
        Assert.Equal("not-relevant-but-sensitive", refused.Rule);
    }

    [Fact]
    public void issued_versions_count_up_and_carry_the_schedules_sizes()
    {
        var record = DisclosureRecord.Empty(Operation);
        (record, _) = Decide(record, Guid.NewGuid(), true, false);
        (record, _) = Decide(record, Guid.NewGuid(), true, true);
        var anchor = new AuditChainAnchor(new string('a', 64), 5, Now);

        var first = DisclosureDecisions.Issue(record, "ab", 10, "application/pdf", anchor, Officer, Now);
        var second = DisclosureDecisions.Issue(record.Apply(first), "cd", 10, "application/pdf", anchor, Officer, Now);

        Assert.Equal((1, 1, 1), (first.Version, first.Mg6cItems, first.Mg6dItems));
        Assert.Equal(2, second.Version);
    }

    [Fact]
    public void every_event_names_the_operation_it_belongs_to_so_the_audit_chain_covers_it()
    {
        var events = typeof(Actor).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Toex.Cases.Domain") == true && t.IsSealed && t.Name.EndsWith("ed") && t.GetProperty("At") is not null)
            .ToList();
        Assert.True(events.Count > 20, $"found only {events.Count} event types");
        Assert.All(events, t => Assert.True(t.GetProperty("OperationId")?.PropertyType == typeof(Guid), $"{t.Name} has no OperationId"));
    }
}
