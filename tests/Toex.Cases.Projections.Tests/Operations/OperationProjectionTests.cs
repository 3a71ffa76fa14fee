using Marten;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Projections.Operations;

namespace Toex.Cases.Projections.Tests.Operations;

public sealed class OperationProjectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly Actor Investigator = new("n-1", "DC Jane Smith", "norfolk", Role.Investigator);
    private static readonly Actor Analyst = new("a-1", "Ana Lyst", "toex", Role.Analyst);
    private static readonly DateTimeOffset T0 = new(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Guid _id = Guid.CreateVersion7();

    public async Task InitializeAsync() => await fixture.Store.Advanced.ResetAllData();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task Append(params object[] events)
    {
        await using var session = fixture.Store.LightweightSession();
        session.CorrelationId = "corr-" + events.Length;
        if (events[0] is OperationTasked) session.Events.StartStream<Operation>(_id, events);
        else session.Events.Append(_id, events);
        await session.SaveChangesAsync();
    }

    private OperationTasked Tasked() => new(_id, "Op Nightjar", "norfolk", "eastern",
        [ThreatCategory.Trafficking], Priority.High, "summary", Investigator, T0);

    [Fact]
    public async Task details_follow_the_stream_through_its_life()
    {
        await Append(Tasked(),
            new OperationAccepted(_id, Analyst, T0.AddHours(1)),
            new AnalystAssigned(_id, "a-2", "Felicity Davis", Analyst, T0.AddHours(2)),
            new OutcomeRecorded(_id, Guid.CreateVersion7(), OutcomeKind.SafeguardingReferral, "Child referred", 1, Investigator, T0.AddDays(3)),
            new OperationShared(_id, "nca", "Escalation", Analyst, T0.AddDays(4)),
            new OperationClosed(_id, "Charged", Investigator, T0.AddDays(5)));

        await using var session = fixture.Store.QuerySession();
        var details = (await session.LoadAsync<OperationDetails>(_id))!;

        Assert.Equal(6, details.Version);
        Assert.Equal(OperationStatus.Closed, details.Status);
        Assert.Equal(Analyst, details.AcceptedBy);
        Assert.Equal("Felicity Davis", details.Analysts.Single().Name);
        Assert.Equal(OutcomeKind.SafeguardingReferral, details.Outcomes.Single().Kind);
        Assert.Equal(["nca"], details.SharedWith);
        Assert.Equal("Charged", details.ClosedReason);
        Assert.Equal(T0.AddDays(5), details.LastChangedAt);
    }

    [Fact]
    public async Task reopening_clears_the_closure_and_returns_to_the_earlier_status()
    {
        await Append(Tasked(), new OperationClosed(_id, "Duplicate", Investigator, T0.AddHours(1)),
            new OperationReopened(_id, "Not a duplicate", Investigator, T0.AddHours(2)));

        await using var session = fixture.Store.QuerySession();
        var details = (await session.LoadAsync<OperationDetails>(_id))!;

        Assert.Equal(OperationStatus.Tasked, details.Status);
        Assert.Null(details.ClosedAt);
        Assert.Null(details.ClosedReason);
    }

    [Fact]
    public async Task the_timeline_has_one_entry_per_event_with_who_when_and_the_correlation_id()
    {
        await Append(Tasked());
        await Append(new OperationAccepted(_id, Analyst, T0.AddHours(1)),
            new OutcomeRecorded(_id, Guid.CreateVersion7(), OutcomeKind.VictimIdentified, "Three numbers attributed", 3, Investigator, T0.AddHours(2)));

        await using var session = fixture.Store.QuerySession();
        var timeline = (await session.LoadAsync<OperationTimeline>(_id))!;

        Assert.Equal([1L, 2L, 3L], timeline.Entries.Select(e => e.Version));
        Assert.Equal([Investigator, Analyst, Investigator], timeline.Entries.Select(e => e.Actor));
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2)], timeline.Entries.Select(e => e.At));
        Assert.Equal("Recorded outcome: 3 victims identified", timeline.Entries[2].Action);
        Assert.Equal(["corr-1", "corr-2", "corr-2"], timeline.Entries.Select(e => e.CorrelationId));
        Assert.Equal("outcome_recorded", timeline.Entries[2].Type);
    }

    [Fact]
    public async Task the_write_model_is_rebuilt_live_from_the_stream()
    {
        await Append(Tasked(), new OperationAccepted(_id, Analyst, T0.AddHours(1)),
            new OperationShared(_id, "suffolk", "Linked suspects", Investigator, T0.AddHours(2)));

        await using var session = fixture.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Operation>(_id);

        Assert.Equal(3, stream.CurrentVersion);
        Assert.Equal(OperationStatus.Accepted, stream.Aggregate!.Status);
        Assert.Contains("suffolk", stream.Aggregate.SharedWith);
    }
}
