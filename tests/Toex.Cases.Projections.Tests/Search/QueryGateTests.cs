using Npgsql;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>
/// The embedded engine runs at most its gate's limit of searches and keyword triages in PostgreSQL
/// at once; the rest wait, in order, without a connection, and a cancelled wait takes no slot.
/// </summary>
public sealed class QueryGateTests : IAsyncLifetime
{
    private const string Schema = "search_gate_tests";
    private static readonly Guid Operation = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid Exhibit = Guid.Parse("00000000-0000-0000-0000-0000000000d2");
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync() => dataSource = await TestDatabase.WithoutSchemaAsync(Schema);

    public async Task DisposeAsync()
    {
        await TestDatabase.DropSchemaAsync(dataSource, Schema);
        await dataSource.DisposeAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void a_gate_admits_at_least_one(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryGate(limit));

    [Fact]
    public async Task past_its_limit_a_search_waits_until_one_running_finishes()
    {
        var gate = new QueryGate(2);
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = await gate.EnterAsync(CancellationToken.None);
        var third = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal((2, 1), (gate.Running, gate.Waiting));

        second.Dispose();
        using (await third)
        {
            Assert.Equal((2, 0), (gate.Running, gate.Waiting));
            first.Dispose();
            Assert.Equal(1, gate.Running);
        }
        Assert.Equal(0, gate.Running);
    }

    [Fact]
    public async Task a_cancelled_wait_takes_no_slot()
    {
        var gate = new QueryGate(1);
        var held = await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), (gate.Running, gate.Waiting));

        held.Dispose();
        using (await gate.EnterAsync(CancellationToken.None)) Assert.Equal(1, gate.Running);
    }

    [Fact]
    public async Task the_engine_searches_and_triages_only_through_its_gate()
    {
        var gate = new QueryGate(1);
        var engine = new PostgresSearchEngine(dataSource, Schema, gate);
        var index = await engine.EnsureLiveAsync(CancellationToken.None);
        await engine.ApplyAsync(index,
        [
            new SearchChange.Upsert(new SearchDocument(Guid.NewGuid(), SearchKind.Translation, Operation, Exhibit, "norfolk", "eastern",
                "cash for the new girls", "cash for the new girls", "en", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), null, 1)),
        ], CancellationToken.None);
        var query = SearchQuery.Parse("cash");
        var request = new SearchRequest(query, new SearchScope(["norfolk"], null, false, []));

        var held = await gate.EnterAsync(CancellationToken.None);
        // Until the gate admits them neither has reached PostgreSQL: each is the one waiting.
        var search = engine.SearchAsync(request, SearchMatch.From(query), CancellationToken.None);
        Assert.Equal(1, gate.Waiting);
        var triage = engine.KeywordHitsAsync(Operation, [SearchMatch.ForKeyword("girls")!], null, CancellationToken.None);
        Assert.Equal(2, gate.Waiting);
        Assert.False(search.IsCompleted || triage.IsCompleted);

        held.Dispose();
        Assert.Equal(1, (await search).Total);
        Assert.Equal([new MaterialKeywordHits(Exhibit, 1, 1)], await triage);
        Assert.Equal((0, 0), (gate.Running, gate.Waiting));
    }
}
