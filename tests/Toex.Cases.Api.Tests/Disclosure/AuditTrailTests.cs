using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Npgsql;
using Toex.Cases.Api.Tests.ToolRuns;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Disclosure;

public sealed class AuditTrailTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Export = """
        timestamp,from,to,body
        2024-10-01T10:00:00Z,07700 900123,+447700900456,Send the money to GB82 WEST 1234 5698 7654 32 today
        2024-10-01T10:05:00Z,+447700900456,07700 900123,new girls arriving at SW1A 1AA tonight
        """;

    /// <summary>An operation with the kinds of event a trail must cover: tasking, an exhibit, a download, a triage run, a finding, a decision.</summary>
    private async Task<(Guid Operation, Guid Material)> BusyOperation()
    {
        var (operation, material) = await OperationWithExport(Export);
        await (await As(EasternAnalyst).Post($"/api/operations/{operation}/accept", ifMatch: "\"1\"")).ShouldBe(HttpStatusCode.OK);
        await (await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content")).ShouldBe(HttpStatusCode.OK);
        var run = await RunTool(operation, new { tool = "triage", materialIds = new[] { material }, parameters = new { keywords = new[] { "new girls" } } });
        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        var decided = await As(NorfolkDisclosure).Post($"/api/materials/{material}/relevance",
            new { relevant = true, sensitive = false, description = "Phone download", location = "Store A", reason = "Shows contact" });
        await decided.ShouldBe(HttpStatusCode.Created);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return (operation, material);
    }

    /// <summary>
    /// The chain's entries as the table holds them, a row of a batch's artefacts giving one entry for
    /// each, with the id of the event each names (the empty id if it is gone from the events table).
    /// </summary>
    private async Task<List<(long Sequence, Guid EventId, long EventSeq)>> Chain(Guid operation)
    {
        var rows = new List<(long, Guid, long)>();
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select x.sequence, coalesce(e.id, '00000000-0000-0000-0000-000000000000'), x.event_seq
              from (select t.sequence - t.entries + u.n as sequence, u.event_seq
                      from toex.audit_trail t
                     cross join lateral unnest(coalesce(t.event_seqs, array[t.event_seq])) with ordinality as u(event_seq, n)
                     where t.operation_id = $1) x
              left join toex.mt_events e on e.seq_id = x.event_seq
             order by x.sequence
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operation });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2)));
        return rows;
    }

    private async Task<List<(long Sequence, int Entries, long[] EventSeqs, int HashBytes)>> ArtefactRows(Guid operation)
    {
        var rows = new List<(long, int, long[], int)>();
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select sequence, entries, event_seqs, length(hashes) from toex.audit_trail where operation_id = $1 and entries > 1 order by sequence",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operation });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetFieldValue<long[]>(2), reader.GetInt32(3)));
        return rows;
    }

    private async Task Sql(string sql, params object[] parameters)
    {
        await using var session = Store.LightweightSession();
        session.QueueSqlCommand(sql, parameters);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task every_event_of_the_operation_is_in_the_chain_once_and_in_the_order_it_was_stored()
    {
        var (operation, _) = await BusyOperation();

        var stored = await Store.QuerySession().Events.QueryAllRawEvents()
            .Where(e => e.Sequence > 0).OrderBy(e => e.Sequence).ToListAsync();
        var ofOperation = stored.Where(e => (Guid?)e.Data.GetType().GetProperty("OperationId")?.GetValue(e.Data) == operation).ToList();
        var chain = await Chain(operation);

        Assert.True(ofOperation.Count > 10, $"only {ofOperation.Count} events");
        Assert.Equal(ofOperation.Select(e => e.Id), chain.Select(c => c.EventId));
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(c => c.Sequence));
        Assert.Equal(ofOperation.Select(e => e.Sequence), chain.Select(c => c.EventSeq));
    }

    [Fact]
    public async Task the_trail_tells_people_what_happened_and_summarises_artefacts_by_batch()
    {
        var (operation, _) = await BusyOperation();

        var page = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit?limit=1000");
        var entries = page["entries"]!.AsArray();
        var actions = entries.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.StartsWith("Tasked TOEX with operation 'Operation Nightjar'", actions[0]);
        Assert.Contains("Registered exhibit JS/1", actions);
        Assert.Contains("Downloaded the exhibit's content", actions);
        var asked = entries.Single(e => e!["action"]!.GetValue<string>() == "Asked for a triage run")!;
        Assert.Equal("exhibit JS/1", asked["subject"]!.GetValue<string>());
        Assert.Equal("new girls", asked["details"]!["keywords"]!.GetValue<string>());
        Assert.Contains(actions, a => a.StartsWith("Processed exhibit JS/1 up to position 3:"));
        Assert.Contains(actions, a => a.StartsWith("Scheduled the exhibit as relevant, not sensitive (MG6C item 1)"));
        Assert.DoesNotContain(entries, e => e!["eventType"]!.GetValue<string>() == "entity_extracted");
        var first = entries[0]!;
        Assert.Equal("n-inv-1", first["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("norfolk", first["actor"]!["force"]!.GetValue<string>());
        Assert.Equal("Investigator", first["actor"]!["role"]!.GetValue<string>());
        Assert.Equal(64, first["hash"]!.GetValue<string>().Length);
        Assert.Null(page["next"]);
        var sequences = entries.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        // Artefact events are in the chain but not told one by one: the shown sequences skip them.
        Assert.True((await Chain(operation)).Count > entries.Count);
    }

    [Fact]
    public async Task the_trail_pages_oldest_first_and_the_pages_join_up()
    {
        var (operation, _) = await BusyOperation();
        var all = (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit?limit=1000"))["entries"]!.AsArray()
            .Select(e => e!["sequence"]!.GetValue<long>()).ToList();

        var paged = new List<long>();
        string? next = $"/api/operations/{operation}/audit?limit=3";
        while (next is not null)
        {
            var page = await As(NorfolkDisclosure).GetJson(next);
            var entries = page["entries"]!.AsArray();
            Assert.True(entries.Count <= 3);
            paged.AddRange(entries.Select(e => e!["sequence"]!.GetValue<long>()));
            next = page["next"]?.GetValue<string>();
        }
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task the_whole_trail_exports_as_csv_and_the_export_is_recorded()
    {
        var (operation, _) = await BusyOperation();
        var json = (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit?limit=1000"))["entries"]!.AsArray();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/operations/{operation}/audit");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await As(NorfolkDisclosure).SendAsync(request);
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);

        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["sequence", "at", "actor_id", "actor_name", "actor_force", "actor_role", "action", "subject", "details",
            "correlation_id", "event_type", "event_id", "hash"], rows[0]);
        Assert.Equal(json.Count, rows.Count - 1);
        for (var i = 0; i < json.Count; i++)
        {
            Assert.Equal(json[i]!["sequence"]!.GetValue<long>().ToString(), rows[i + 1][0]);
            Assert.Equal(json[i]!["action"]!.GetValue<string>(), rows[i + 1][6]);
            Assert.Equal(json[i]!["hash"]!.GetValue<string>(), rows[i + 1][12]);
        }

        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var after = (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit?limit=1000"))["entries"]!.AsArray();
        var export = after.Last()!;
        Assert.Equal("Exported the audit trail as text/csv", export["action"]!.GetValue<string>());
        Assert.Equal("n-do-1", export["actor"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_untouched_chain_verifies()
    {
        var (operation, _) = await BusyOperation();
        var chain = await Chain(operation);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");

        Assert.True(result["valid"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(chain.Count, result["entries"]!.GetValue<long>());
        Assert.Null(result["firstBrokenSequence"]);
        Assert.Equal(chain.Count, result["anchor"]!["count"]!.GetValue<long>());
        var last = (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit?limit=1000"))["entries"]!.AsArray().Last()!;
        // The last shown entry is the relevance decision, the last event of the operation.
        Assert.Equal(last["hash"]!.GetValue<string>(), result["anchor"]!["hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_direct_update_of_an_event_is_detected_and_located()
    {
        var (operation, material) = await BusyOperation();
        var registered = (await Store.QuerySession().Events.FetchStreamAsync(material)).First();
        var entry = (await Chain(operation)).Single(c => c.EventId == registered.Id);

        await Sql("update toex.mt_events set data = jsonb_set(data, '{Description}', '\"a different exhibit\"') where id = ?", registered.Id);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(entry.Sequence, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains("altered", result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_change_to_an_events_metadata_is_detected_too()
    {
        var (operation, material) = await BusyOperation();
        var accessed = (await Store.QuerySession().Events.FetchStreamAsync(material)).Last();
        var entry = (await Chain(operation)).Single(c => c.EventId == accessed.Id);

        await Sql("update toex.mt_events set headers = jsonb_set(headers, '{actor-id}', '\"someone-else\"') where id = ?", accessed.Id);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(entry.Sequence, result["firstBrokenSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_direct_delete_of_an_event_is_detected_and_located()
    {
        var (operation, material) = await BusyOperation();
        var accessed = (await Store.QuerySession().Events.FetchStreamAsync(material))
            .Single(e => e.Data is Domain.Materials.MaterialContentAccessed { Purpose: Domain.Materials.AccessPurpose.Download });
        var entry = (await Chain(operation)).Single(c => c.EventId == accessed.Id);

        await Sql("delete from toex.mt_events where id = ?", accessed.Id);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(entry.Sequence, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains("no longer in the events table", result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_batchs_artefacts_share_one_row_of_the_trail_and_each_keeps_its_own_entry()
    {
        var (operation, _) = await BusyOperation();
        var artefacts = (await Store.QuerySession().Events.QueryAllRawEvents().Where(e => e.Sequence > 0).OrderBy(e => e.Sequence).ToListAsync())
            .Where(e => e.Data is Domain.ToolRuns.EntityExtracted x && x.OperationId == operation).ToList();

        var rows = await ArtefactRows(operation);

        Assert.True(artefacts.Count > 1, $"only {artefacts.Count} artefacts");
        var row = Assert.Single(rows);
        Assert.Equal(artefacts.Count, row.Entries);
        Assert.Equal(artefacts.Select(e => e.Sequence), row.EventSeqs);
        Assert.Equal(artefacts.Count * 32, row.HashBytes);
        var chain = await Chain(operation);
        Assert.Equal(artefacts.Select(e => e.Id), chain.Where(c => c.Sequence > row.Sequence - row.Entries && c.Sequence <= row.Sequence).Select(c => c.EventId));
    }

    [Fact]
    public async Task an_altered_artefact_within_a_batch_is_located_at_its_own_entry()
    {
        var (operation, _) = await BusyOperation();
        var artefacts = (await Store.QuerySession().Events.QueryAllRawEvents().Where(e => e.Sequence > 0).OrderBy(e => e.Sequence).ToListAsync())
            .Where(e => e.Data is Domain.ToolRuns.EntityExtracted x && x.OperationId == operation).ToList();
        var second = artefacts[1];
        var entry = (await Chain(operation)).Single(c => c.EventId == second.Id);

        await Sql("update toex.mt_events set data = jsonb_set(data, '{Value}', '\"+447700900999\"') where id = ?", second.Id);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(entry.Sequence, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains(second.Id.ToString(), result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_row_of_the_trail_that_no_longer_holds_its_entries_breaks_the_chain_where_it_starts()
    {
        var (operation, _) = await BusyOperation();
        var row = Assert.Single(await ArtefactRows(operation));

        await Sql("update toex.audit_trail set hashes = substring(hashes from 1 for 32) where operation_id = ? and entries > 1", operation);

        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(row.Sequence - row.Entries + 1, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains("trail's row", result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task artefacts_stored_before_another_operations_event_are_chained_in_order_when_the_trail_reaches_it()
    {
        // Two operations; artefacts of the first's stream are stored, then an event of the second,
        // then (later) the first's own event: the trail, which loads only the events it tells, must
        // chain the artefacts in stored order on reaching the second operation's event, from the
        // first operation's head, which no event of that page names.
        var first = await As(NorfolkInvestigator).TaskOperation();
        var second = await As(NorfolkInvestigator).TaskOperation();
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var run = Guid.CreateVersion7();
        var material = Guid.CreateVersion7();
        var stream = Domain.ToolRuns.ArtefactIds.StreamFor(run, material);
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(stream,
                new Domain.ToolRuns.EntityExtracted(Guid.CreateVersion7(), run, first, material, 1, "Email", "a@example.org", DateTimeOffset.UtcNow),
                new Domain.ToolRuns.EntityExtracted(Guid.CreateVersion7(), run, first, material, 2, "Email", "b@example.org", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await (await As(NorfolkInvestigator).Post($"/api/operations/{second}/close", new { reason = "No further action" }, ifMatch: "\"1\""))
            .ShouldBe(HttpStatusCode.OK);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var chained = await Chain(first);
        Assert.Equal(3, chained.Count);
        Assert.Equal(new long[] { 1, 2, 3 }, chained.Select(c => c.Sequence));

        await (await As(NorfolkInvestigator).Post($"/api/operations/{first}/close", new { reason = "No further action" }, ifMatch: "\"1\""))
            .ShouldBe(HttpStatusCode.OK);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        foreach (var operation in new[] { first, second })
        {
            var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
            Assert.True(result["valid"]!.GetValue<bool>(), result.ToJsonString());
        }
        Assert.Equal(4, (await Chain(first)).Count);
        Assert.Equal(2, (await Chain(second)).Count);
    }

    [Fact]
    public async Task a_trail_written_before_it_kept_its_position_carries_on_from_its_last_entry()
    {
        var (operation, material) = await BusyOperation();
        var before = (await Chain(operation)).Count;
        await Sql("delete from toex.audit_trail_position");

        await (await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content")).ShouldBe(HttpStatusCode.OK);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(before + 1, (await Chain(operation)).Count);
        var result = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        Assert.True(result["valid"]!.GetValue<bool>(), result.ToJsonString());
    }

    [Fact]
    public async Task an_anchor_printed_earlier_still_checks_until_something_before_it_changes()
    {
        var (operation, material) = await BusyOperation();
        var before = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification");
        var count = before["anchor"]!["count"]!.GetValue<long>();
        var hash = before["anchor"]!["hash"]!.GetValue<string>();
        await (await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content")).ShouldBe(HttpStatusCode.OK);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var later = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification?anchorCount={count}&anchorHash={hash}");
        Assert.True(later["valid"]!.GetValue<bool>());
        Assert.True(later["entries"]!.GetValue<long>() > count);
        Assert.True(later["anchorCheck"]!["matches"]!.GetValue<bool>());

        var registered = (await Store.QuerySession().Events.FetchStreamAsync(material)).First();
        await Sql("update toex.mt_events set data = jsonb_set(data, '{Sha256}', '\"00\"') where id = ?", registered.Id);
        var tampered = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit/verification?anchorCount={count}&anchorHash={hash}");
        Assert.False(tampered["anchorCheck"]!["matches"]!.GetValue<bool>());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "limit zero", "audit?limit=0" },
        { "limit too large", "audit?limit=5000" },
        { "negative after", "audit?after=-1" },
        { "after not a number", "audit?after=abc" },
        { "anchor hash without count", $"audit/verification?anchorHash={new string('a', 64)}" },
        { "anchor count without hash", "audit/verification?anchorCount=3" },
        { "anchor hash not hex", $"audit/verification?anchorCount=3&anchorHash={new string('z', 64)}" },
        { "anchor hash too short", "audit/verification?anchorCount=3&anchorHash=abcd" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task bad_queries_are_problems_and_write_nothing(string because, string query)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var before = await Written();

        var response = await As(NorfolkDisclosure).GetAsync($"/api/operations/{operation}/{query}");

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(before == await Written(), because);
    }

    public static TheoryData<string, TestUser, HttpStatusCode> Callers => new()
    {
        { "the owning force's disclosure officer", NorfolkDisclosure, HttpStatusCode.OK },
        { "an Admin who can see it", NorfolkAdmin, HttpStatusCode.OK },
        { "an investigator of the owning force", NorfolkInvestigator, HttpStatusCode.Forbidden },
        { "a TOEX analyst of the region", EasternAnalyst, HttpStatusCode.Forbidden },
        { "a disclosure officer of another force", SuffolkDisclosure, HttpStatusCode.NotFound },
        { "an investigator of another force", SuffolkInvestigator, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task the_trail_and_its_check_are_for_the_disclosure_officer_and_admins(string because, TestUser caller, HttpStatusCode expected)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        foreach (var route in new[] { "audit", "audit/verification" })
        {
            var response = await As(caller).GetAsync($"/api/operations/{operation}/{route}");
            Assert.True(expected == response.StatusCode, $"{because}: {route} gave {response.StatusCode}");
        }
    }

    [Fact]
    public async Task a_disclosure_officer_of_a_force_it_was_shared_with_is_refused_but_not_lied_to()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/share", new { with = "suffolk", reason = "Joint op" }, ifMatch: "\"1\""))
            .ShouldBe(HttpStatusCode.OK);

        await (await As(SuffolkDisclosure).GetAsync($"/api/operations/{operation}/audit")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_unknown_media_type_is_not_acceptable()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/operations/{operation}/audit");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        await (await As(NorfolkDisclosure).SendAsync(request)).ShouldBeProblem(HttpStatusCode.NotAcceptable);
    }
}

/// <summary>A strict RFC 4180 reader for checking exports: quoted fields, doubled quotes, CRLF or LF.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else field.Append(c);
        }
        Assert.False(quoted, "unterminated quoted field");
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
