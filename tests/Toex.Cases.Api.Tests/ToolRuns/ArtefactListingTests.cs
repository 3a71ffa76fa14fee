using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Api.Tests.ToolRuns;

/// <summary>Artefacts are read from their own events: listing order, pages, filters, ids and uniqueness.</summary>
public sealed class ArtefactListingTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private static string Export(int lines, string word) => "timestamp,body\n" + string.Join('\n',
        Enumerable.Range(1, lines).Select(i => $"2024-10-01T10:{i:00}:00Z,{word} {i} boss@example.com"));

    private static List<(Guid Material, int Position, string Kind)> Keys(IEnumerable<JsonNode?> items) =>
        items.Select(a => (a!["materialId"]!.GetValue<Guid>(), a["position"]!.GetValue<int>(), a["kind"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task a_run_lists_its_materials_in_the_order_asked_each_in_the_order_produced_and_pages_join_up()
    {
        var operation = await As(Users.NorfolkInvestigator).TaskOperation();
        var second = await Register(operation, Export(4, "второй"), "JS/2");
        var first = await Register(operation, Export(3, "первый"), "JS/1");
        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { second, first } });
        Assert.Equal("Completed", run["status"]!.GetValue<string>());

        var pages = new List<JsonNode?>();
        for (var page = 1; page <= 4; page++)
        {
            var body = await As(Users.EasternAnalyst).GetJson($"/api/tool-runs/{run["id"]}/artefacts?page={page}&pageSize=2");
            Assert.Equal(7, body["total"]!.GetValue<int>());
            Assert.Equal(page < 4 ? 2 : 1, body["items"]!.AsArray().Count);
            pages.AddRange(body["items"]!.AsArray());
        }
        var beyond = await As(Users.EasternAnalyst).GetJson($"/api/tool-runs/{run["id"]}/artefacts?page=5&pageSize=2");
        Assert.Empty(beyond["items"]!.AsArray());
        Assert.Equal(7, beyond["total"]!.GetValue<int>());

        Assert.Equal(
            [.. Enumerable.Range(2, 4).Select(p => (second, p, "Translation")), .. Enumerable.Range(2, 3).Select(p => (first, p, "Translation"))],
            Keys(pages));
        Assert.Equal(Keys(pages), Keys(await Artefacts(run)));
    }

    [Fact]
    public async Task an_operation_lists_every_run_oldest_first_and_filters_by_kind_and_material()
    {
        var operation = await As(Users.NorfolkInvestigator).TaskOperation();
        var a = await Register(operation, Export(3, "один"), "JS/1");
        var b = await Register(operation, Export(2, "два"), "JS/2");
        await RunTool(operation, new { tool = "translate", materialIds = new[] { a } });
        await RunTool(operation, new { tool = "triage", materialIds = new[] { a, b } });

        var all = await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?pageSize=1000");
        Assert.Equal(
            [.. Enumerable.Range(2, 3).Select(p => (a, p, "Translation")), .. Enumerable.Range(2, 3).Select(p => (a, p, "Entity")),
             .. Enumerable.Range(2, 2).Select(p => (b, p, "Entity"))],
            Keys(all["items"]!.AsArray()));
        Assert.Equal(8, all["total"]!.GetValue<int>());

        var entities = await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?kind=Entity&page=2&pageSize=2");
        Assert.Equal(5, entities["total"]!.GetValue<int>());
        Assert.Equal([(a, 4, "Entity"), (b, 2, "Entity")], Keys(entities["items"]!.AsArray()));

        var ofB = await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?materialId={b}");
        Assert.Equal(2, ofB["total"]!.GetValue<int>());
        Assert.All(ofB["items"]!.AsArray(), x => Assert.Equal("boss@example.com", x!["value"]!.GetValue<string>()));

        var translationsOfB = await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?materialId={b}&kind=Translation");
        Assert.Equal(0, translationsOfB["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task the_same_content_registered_on_two_operations_gives_each_its_own_artefacts()
    {
        var export = Export(3, "тот же");
        var (first, firstMaterial) = await OperationWithExport(export);
        var (second, secondMaterial) = await OperationWithExport(export);

        var one = await RunTool(first, new { tool = "translate", materialIds = new[] { firstMaterial } });
        var two = await RunTool(second, new { tool = "translate", materialIds = new[] { secondMaterial } });

        Assert.Equal(0, two["metrics"]!["reused"]!.GetValue<int>());
        Assert.Equal(3, two["metrics"]!["items"]!.GetValue<int>());
        var ofFirst = await Artefacts(one);
        var ofSecond = await Artefacts(two);
        Assert.All(ofFirst, x => Assert.Equal(first, x!["operationId"]!.GetValue<Guid>()));
        Assert.All(ofSecond, x => Assert.Equal(second, x!["operationId"]!.GetValue<Guid>()));
        Assert.Empty(ofFirst.Select(x => x!["id"]!.GetValue<Guid>()).Intersect(ofSecond.Select(x => x!["id"]!.GetValue<Guid>())));
    }

    [Fact]
    public async Task the_runner_stores_artefacts_exactly_as_martens_own_append_would()
    {
        // Two batches (1,000 lines each), so the second continues a stream the first created.
        var (operation, material) = await OperationWithExport(Export(1_001, "близнец"));
        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });
        var runId = run["id"]!.GetValue<Guid>();
        var artefactStream = ArtefactIds.StreamFor(runId, material);

        await using var query = Store.QuerySession();
        var stored = await query.Events.FetchStreamAsync(artefactStream);
        Assert.Equal(Enumerable.Range(1, 1_001).Select(v => (long)v), stored.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(2, 1_001), stored.Select(e => Assert.IsType<TranslationProduced>(e.Data).Line)); // line 1 is the header
        Assert.Equal(1_001, (await query.Events.FetchStreamStateAsync(artefactStream))!.Version);
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));

        // The twin: the first two artefacts' data appended again by Marten, with the runner's metadata, under new ids.
        var twin = Guid.NewGuid();
        await using (var session = Store.LightweightSession())
        {
            session.RecordRunner((await session.Events.FetchLatest<ToolRun>(runId))!);
            session.Events.Append(twin, stored.Take(2).Select(e => new Event<TranslationProduced>((TranslationProduced)e.Data) { Id = Guid.NewGuid() }).ToArray());
            await session.SaveChangesAsync();
        }

        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        async Task<List<string>> Rows(string sql, Guid stream)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection) { Parameters = { new() { Value = stream } } };
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            return rows;
        }
        const string events = "select (to_jsonb(e) - 'seq_id' - 'id' - 'stream_id' - 'timestamp')::text from toex.mt_events e where stream_id = $1 and version <= 2 order by version";
        const string streams = "select (to_jsonb(s) - 'id' - 'timestamp' - 'created' - 'version')::text from toex.mt_streams s where id = $1";
        Assert.Equal(await Rows(events, twin), await Rows(events, artefactStream));
        Assert.Equal(await Rows(streams, twin), await Rows(streams, artefactStream));
        Assert.Contains("\"on-behalf-of\"", (await Rows(events, artefactStream))[0]);
    }

    [Fact]
    public async Task an_artefact_is_an_event_with_the_artefact_id_and_the_store_refuses_a_second_copy()
    {
        var (operation, material) = await OperationWithExport(Export(2, "копия"));
        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });
        var artefact = (await Artefacts(run)).First()!;
        var id = artefact["id"]!.GetValue<Guid>();

        await using (var query = Store.QuerySession())
        {
            var stored = await query.Events.QueryAllRawEvents().Where(e => e.Id == id).SingleAsync();
            Assert.Equal(ArtefactIds.StreamFor(run["id"]!.GetValue<Guid>(), material), stored.StreamId);
            Assert.Equal(id, Assert.IsType<TranslationProduced>(stored.Data).ArtefactId);

            await using var session = Store.LightweightSession();
            session.Events.Append(Guid.NewGuid(), new Event<TranslationProduced>((TranslationProduced)stored.Data) { Id = id });
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
            Assert.Contains("idx_mt_events_event_id", refused.ToString());
        }

        await using var after = Store.QuerySession();
        Assert.Equal(1, await after.Events.QueryAllRawEvents().Where(e => e.Id == id).CountAsync());
        Assert.Equal(2, (await As(Users.EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts"))["total"]!.GetValue<int>());
    }
}
