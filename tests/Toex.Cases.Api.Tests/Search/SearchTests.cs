using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Toex.Cases.Api.Tests.ToolRuns;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Domain.Search;
using Wolverine.Tracking;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Search;

public sealed class SearchTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Export = """
        timestamp,from,to,body
        2024-10-01T10:00:00Z,+447700900123,+447700900456,你好，明天在老地方见
        2024-10-01T10:05:00Z,+447700900456,+447700900123,Meet at the usual place with the cash
        2024-10-02T09:00:00Z,+447700900123,+447700900456,Деньги на карте
        """;

    private const string OtherExport = """
        timestamp,from,to,body
        2024-10-03T10:00:00Z,+447700900777,+447700900888,cash tomorrow
        2024-10-03T10:01:00Z,+447700900888,+447700900777,no
        """;

    private async Task<(Guid Operation, Guid Material, JsonNode Run)> Translated()
    {
        var (operation, material) = await OperationWithExport(Export);
        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material }, parameters = new { targetLanguage = "en" } });
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return (operation, material, run);
    }

    private async Task<JsonNode> Search(TestUser user, string query) => await As(user).GetJson("/api/search?" + query);

    private static string[] Texts(JsonNode page) => page["hits"]!.AsArray().Select(h => h!["text"]!.GetValue<string>()).Order().ToArray();

    [Fact]
    public async Task translated_lines_are_found_in_either_language_with_highlights_once_the_feed_has_caught_up()
    {
        var (operation, material, run) = await Translated();

        var chinese = await Search(NorfolkInvestigator, "q=" + Uri.EscapeDataString("明天"));
        var hit = chinese["hits"]!.AsArray().Single()!;
        Assert.Equal("Translation", hit["kind"]!.GetValue<string>());
        Assert.Equal(operation, hit["operationId"]!.GetValue<Guid>());
        Assert.Equal(material, hit["materialId"]!.GetValue<Guid>());
        Assert.Equal(run["id"]!.GetValue<Guid>(), hit["runId"]!.GetValue<Guid>());
        Assert.Equal("zh", hit["language"]!.GetValue<string>());
        Assert.Equal("[en] 你好，明天在老地方见", hit["translatedText"]!.GetValue<string>());
        Assert.Contains("<em>明天</em>", hit["highlights"]!.AsArray()[0]!.GetValue<string>());

        var phrase = await Search(NorfolkInvestigator, "q=" + Uri.EscapeDataString("\"usual place\" AND cash"));
        Assert.Equal(["Meet at the usual place with the cash"], Texts(phrase));
        Assert.Equal("Meet at the <em>usual place</em> with the <em>cash</em>", phrase["hits"]![0]!["highlights"]![0]!.GetValue<string>());

        var byNumber = await Search(NorfolkInvestigator, "q=07700900456&operationId=" + operation);
        Assert.Equal(3, byNumber["total"]!.GetValue<long>());
        Assert.Equal(3, byNumber["facets"]!["kind"]!["Translation"]!.GetValue<long>());

        var status = await As(NorfolkAdmin).GetJson("/api/admin/search");
        Assert.Equal("PostgreSQL", status["engine"]!.GetValue<string>());
        Assert.Equal(0, status["pendingEvents"]!.GetValue<long>());
        Assert.Equal(status["highWaterMark"]!.GetValue<long>(), status["appliedThrough"]!.GetValue<long>());
    }

    [Fact]
    public async Task operations_exhibits_and_current_findings_are_searchable_and_a_superseded_finding_is_not()
    {
        var (operation, _, run) = await Translated();
        var first = (await (await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "FinancialLead", summary = "Payments routed through a Lithuanian account", toolRunIds = new[] { run["id"] }, evidentialValue = "Medium",
        })).Body())["id"]!.GetValue<Guid>();
        await (await As(EasternAnalyst).Post($"/api/operations/{operation}/findings", new
        {
            kind = "FinancialLead", summary = "Payments routed through a Latvian account", evidentialValue = "High", supersedes = first,
        })).ShouldBe(HttpStatusCode.Created);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["Payments routed through a Latvian account"], Texts(await Search(NorfolkInvestigator, "q=payments")));
        Assert.Equal("Operation", (await Search(NorfolkInvestigator, "q=nightjar"))["hits"]![0]!["kind"]!.GetValue<string>());
        var exhibit = await Search(NorfolkInvestigator, "q=JS&kind=Material");
        Assert.Equal("JS/1", exhibit["hits"]![0]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task another_force_finds_nothing_until_the_operation_is_shared_and_its_filters_are_404()
    {
        var (operation, material, _) = await Translated();

        var suffolk = await Search(SuffolkInvestigator, "q=cash");
        Assert.Equal(0, suffolk["total"]!.GetValue<long>());
        Assert.Empty(suffolk["facets"]!["kind"]!.AsObject());
        await (await As(SuffolkInvestigator).GetAsync($"/api/search?q=cash&operationId={operation}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(SuffolkInvestigator).GetAsync($"/api/search?q=cash&materialId={material}")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, (await Search(LondonAnalyst, "q=cash"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Search(EasternAnalyst, "q=cash"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Search(NationalAnalyst, "q=cash"))["total"]!.GetValue<long>());

        await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/share", new { with = "suffolk", reason = "Joint operation" },
            ifMatch: "\"1\"")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Meet at the usual place with the cash"], Texts(await Search(SuffolkInvestigator, "q=cash")));
        Assert.Equal(1, (await Search(SuffolkInvestigator, $"q=cash&operationId={operation}"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Search(SuffolkInvestigator, $"q=cash&materialId={material}"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Search(SuffolkInvestigator, $"q=cash&operationId={operation}&materialId={material}"))["total"]!.GetValue<long>());
    }

    public static TheoryData<string, string> BadSearches => new()
    {
        { "", "q" },
        { "q=", "q" },
        { "q=(cash", "q" },
        { "q=%22open+phrase", "q" },
        { "q=NOT+cash", "q" },
        { "q=a*", "q" },
        { "q=%24%24%24", "q" },
        { "q=cash&page=0", "page" },
        { "q=cash&page=abc", "page" },
        { "q=cash&pageSize=101", "pageSize" },
        { "q=cash&pageSize=-1", "pageSize" },
        { "q=cash&page=101&pageSize=100", "page" },
        { "q=cash&kind=Nope", "kind" },
        { "q=cash&kind=1", "kind" },
        { "q=cash&operationId=xyz", "operationId" },
        { "q=cash&materialId=1", "materialId" },
        { "q=cash&language=%3Cscript%3E", "language" },
        { "q=cash&from=2026-01-01", "from" },
        { "q=cash&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to" },
        { "q=cash&after=garbage", "after" },
        { "q=cash&after=" + "MXwyfDM", "after" },
        { "q=cash&after=" + Base64Url.EncodeToString("Relevance|1.5|638000000000000000|0193a5a0000070008000000000000001"u8), "after" },
        { "q=cash&sort=Oldest&after=" + Base64Url.EncodeToString("Newest|0|638000000000000000|0193a5a0000070008000000000000001"u8), "after" },
        { "q=cash&sort=best", "sort" },
        { "q=cash&sort=2", "sort" },
        { "q=cash&sort=newest,oldest", "sort" },
        { "q=cash&exact=maybe", "exact" },
    };

    [Theory, MemberData(nameof(BadSearches))]
    public async Task bad_search_input_is_a_problem_naming_the_field_and_writes_nothing(string query, string field)
    {
        var before = await Written();

        var problem = await (await As(NorfolkInvestigator).GetAsync("/api/search?" + query)).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await Written());
    }

    [Fact]
    public async Task hits_come_newest_first_or_as_asked_and_the_cursor_continues_in_the_same_order()
    {
        var (operation, _, _) = await Translated();
        string[] Sent(JsonNode page) => page["hits"]!.AsArray().Select(h => h!["text"]!.GetValue<string>()).ToArray();

        var newest = await Search(NorfolkInvestigator, $"q=447700900123&operationId={operation}");
        Assert.Equal(("newest", "eq", 3), (newest["sort"]!.GetValue<string>(), newest["totalRelation"]!.GetValue<string>(), newest["total"]!.GetValue<int>()));
        Assert.Equal(["Деньги на карте", "Meet at the usual place with the cash", "你好，明天在老地方见"], Sent(newest));

        var first = await Search(NorfolkInvestigator, $"q=447700900123&operationId={operation}&sort=oldest&pageSize=2&exact=true");
        Assert.Equal(["你好，明天在老地方见", "Meet at the usual place with the cash"], Sent(first));
        Assert.Equal(3, first["facets"]!["kind"]!["Translation"]!.GetValue<long>());
        var next = first["next"]!.GetValue<string>();
        var rest = await Search(NorfolkInvestigator, $"q=447700900123&operationId={operation}&sort=OLDEST&pageSize=2&after={next}");
        Assert.Equal(["Деньги на карте"], Sent(rest));
        Assert.Null(rest["next"]);
        await (await As(NorfolkInvestigator).GetAsync($"/api/search?q=447700900123&sort=relevance&after={next}")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_malformed_query_says_where_it_went_wrong()
    {
        var problem = await (await As(NorfolkInvestigator).GetAsync("/api/search?q=" + Uri.EscapeDataString("cash AND (bank"))).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem["position"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task searching_needs_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync("/api/search?q=cash")).StatusCode);
    }

    [Fact]
    public async Task keyword_triage_ranks_exhibits_by_lines_with_any_keyword_and_is_recorded_for_disclosure()
    {
        var (operation, first, _) = await Translated();
        var second = await Register(operation, OtherExport, "JS/2");
        await RunTool(operation, new { tool = "translate", materialIds = new[] { second } });
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{operation}/keyword-triage",
            new { keywords = new[] { "cash", "usual place", "Деньги", "nothing-here" } });

        await response.ShouldBe(HttpStatusCode.OK);
        var body = await response.Body();
        var materials = body["materials"]!.AsArray();
        Assert.Equal([first, second], materials.Select(m => m!["materialId"]!.GetValue<Guid>()));
        Assert.Equal([2L, 1L], materials.Select(m => m!["hits"]!.GetValue<long>()));
        Assert.Equal([3, 1], materials.Select(m => m!["distinctKeywords"]!.GetValue<int>()));
        Assert.Equal(["JS/1", "JS/2"], materials.Select(m => m!["exhibitRef"]!.GetValue<string>()));
        Assert.Equal(3, body["total"]!.GetValue<long>());

        var only = await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/keyword-triage",
            new { keywords = new[] { "cash" }, materialIds = new[] { second } })).Body();
        Assert.Equal([second], only["materials"]!.AsArray().Select(m => m!["materialId"]!.GetValue<Guid>()));

        await using var session = Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(DisclosureStreams.For(operation))).Select(e => e.Data).OfType<KeywordTriageRun>().ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(["cash", "usual place", "Деньги", "nothing-here"], recorded[0].Keywords);
        Assert.Equal("n-inv-1", recorded[0].By.Id);
        var strategy = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/disclosure/digital-strategy");
        Assert.Equal(2, strategy["keywordTriages"]!.AsArray().Count);
    }

    public static TheoryData<string, string> BadTriages => new()
    {
        { "{}", "keywords" },
        { """{"keywords":[]}""", "keywords" },
        { """{"keywords":[""]}""", "keywords[0]" },
        { """{"keywords":["cash",null]}""", "keywords[1]" },
        { """{"keywords":["!!!"]}""", "keywords[0]" },
        { "{\"keywords\":[\"" + new string('a', 201) + "\"]}", "keywords[0]" },
        { "{\"keywords\":[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"k{i}\"")) + "]}", "keywords" },
    };

    [Theory, MemberData(nameof(BadTriages))]
    public async Task bad_keyword_triage_input_is_a_problem_and_writes_nothing(string body, string field)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var before = await Written();

        var problem = await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/keyword-triage", body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await Written());
    }

    [Fact]
    public async Task keyword_triage_of_another_forces_operation_or_exhibit_is_404()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var other = await As(NorfolkInvestigator).TaskOperation();
        var foreign = await Register(other, OtherExport, "X/1");
        var before = await Written();

        await (await As(SuffolkInvestigator).Post($"/api/operations/{operation}/keyword-triage", new { keywords = new[] { "cash" } }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(NorfolkInvestigator).Post($"/api/operations/{operation}/keyword-triage",
            new { keywords = new[] { "cash" }, materialIds = new[] { foreign } })).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await Written());
    }

    [Fact]
    public async Task a_retracted_run_leaves_search_but_its_artefacts_stay_on_the_record()
    {
        var (operation, _, run) = await Translated();
        var runId = run["id"]!.GetValue<Guid>();
        Assert.Equal(3, (await Search(NorfolkInvestigator, $"q=07700900123&operationId={operation}"))["total"]!.GetValue<long>());

        await (await As(NorfolkDisclosure).Post($"/api/tool-runs/{runId}/retract", new { reason = "wrong" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await As(SuffolkInvestigator).Post($"/api/tool-runs/{runId}/retract", new { reason = "wrong" })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(NorfolkInvestigator).Post($"/api/tool-runs/{runId}/retract", new { reason = " " })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var response = await As(NorfolkInvestigator).Post($"/api/tool-runs/{runId}/retract", new { reason = "Exhibit JS/1 was the wrong handset" });
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Exhibit JS/1 was the wrong handset", (await response.Body())["retracted"]!["reason"]!.GetValue<string>());
        var again = await As(NorfolkInvestigator).Post($"/api/tool-runs/{runId}/retract", new { reason = "again" });
        Assert.Equal("run-retracted", (await again.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, (await Search(NorfolkInvestigator, $"q=07700900123&operationId={operation}"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await Search(NorfolkInvestigator, "q=nightjar"))["total"]!.GetValue<long>());
        Assert.Equal(3, (await Artefacts(run)).Count);
    }

    [Fact]
    public async Task an_admin_rebuilds_search_from_the_events_into_a_new_index_and_others_may_not()
    {
        var (operation, _, _) = await Translated();
        var before = (await As(NorfolkAdmin).GetJson("/api/admin/search"))["liveIndex"]!.GetValue<string>();
        await (await As(NorfolkInvestigator).Post("/api/admin/search/rebuild")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await As(NorfolkInvestigator).GetAsync("/api/admin/search")).ShouldBeProblem(HttpStatusCode.Forbidden);

        HttpResponseMessage response = null!;
        await Host.TrackActivity().Timeout(TimeSpan.FromSeconds(120)).ExecuteAndWaitAsync(
            (Func<Wolverine.IMessageContext, Task>)(async _ => response = await As(NorfolkAdmin).Post("/api/admin/search/rebuild")));

        await response.ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal("/api/admin/search", response.Headers.Location?.ToString());
        var status = await As(NorfolkAdmin).GetJson("/api/admin/search");
        Assert.Equal("Completed", status["rebuild"]!["state"]!.GetValue<string>());
        Assert.NotEqual(before, status["liveIndex"]!.GetValue<string>());
        Assert.True(status["rebuild"]!["eventsReplayed"]!.GetValue<long>() >= 5);
        Assert.Equal(3, (await Search(NorfolkInvestigator, $"q=07700900123&operationId={operation}"))["total"]!.GetValue<long>());
    }
}
