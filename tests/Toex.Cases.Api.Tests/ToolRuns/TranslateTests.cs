using System.Net;
using System.Text;
using Toex.Cases.Domain.ToolRuns;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.ToolRuns;

public sealed class TranslateTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private const string Export = """
        timestamp,from,to,body
        2024-10-01T10:00:00Z,+447700900123,+447700900456,你好，明天在老地方见
        2024-10-01T10:05:00Z,+447700900456,+447700900123,Meet at the usual place
        2024-10-01T10:06:00Z,+447700900456
        2024-10-01T10:07:00Z,+447700900123,+447700900456,
        2024-10-01T10:09:00Z,+447700900123,+447700900456,Деньги на карте
        """;

    [Fact]
    public async Task a_translation_run_makes_one_artefact_per_message_and_meters_what_it_sent()
    {
        var (operation, material) = await OperationWithExport(Export);

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material }, parameters = new { targetLanguage = "en" } });

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        var metrics = run["metrics"]!;
        Assert.Equal(3, metrics["items"]!.GetValue<int>());
        Assert.Equal(2, metrics["skipped"]!.GetValue<int>());
        var sent = new[] { "你好，明天在老地方见", "Meet at the usual place", "Деньги на карте" };
        Assert.Equal(sent.Sum(t => t.Length), metrics["characters"]!.GetValue<int>());
        Assert.Equal(sent, Translator.Translated);
        Assert.Equal([4, 5], run["skipped"]!.AsArray().Select(s => s!["line"]!.GetValue<int>()));
        Assert.Equal(5, run["progress"]!["done"]!.GetValue<int>());
        Assert.Equal(5, run["progress"]!["total"]!.GetValue<int>());
        Assert.Equal("ea-1", run["requestedBy"]!["id"]!.GetValue<string>());

        var artefacts = await Artefacts(run);
        Assert.Equal(3, artefacts.Count);
        var chinese = artefacts.Single(a => a!["position"]!.GetValue<int>() == 2)!;
        Assert.Equal("Translation", chinese["kind"]!.GetValue<string>());
        Assert.Equal("zh", chinese["sourceLanguage"]!.GetValue<string>());
        Assert.Equal("你好，明天在老地方见", chinese["originalText"]!.GetValue<string>());
        Assert.Equal("[en] 你好，明天在老地方见", chinese["translatedText"]!.GetValue<string>());
        Assert.Equal("+447700900123", chinese["from"]!.GetValue<string>());
        Assert.Equal(material, chinese["materialId"]!.GetValue<Guid>());
        var english = artefacts.Single(a => a!["position"]!.GetValue<int>() == 3)!;
        Assert.Equal("Meet at the usual place", english["translatedText"]!.GetValue<string>());
        Assert.Equal(english["originalText"]!.GetValue<string>().Length, english["characters"]!.GetValue<int>());
    }

    [Fact]
    public async Task keywords_mark_the_lines_that_contain_them_in_either_language()
    {
        var (operation, material) = await OperationWithExport(Export);

        var run = await RunTool(operation, new
        {
            tool = "translate", materialIds = new[] { material }, parameters = new { keywords = new[] { "usual place", "Деньги" } },
        });

        var hits = (await Artefacts(run)).Where(a => a!["kind"]!.GetValue<string>() == "Entity").ToList();
        Assert.Equal([(3, "usual place"), (6, "Деньги")],
            hits.Select(h => (h!["position"]!.GetValue<int>(), h["value"]!.GetValue<string>())).Order());
        Assert.All(hits, h => Assert.Equal("KeywordHit", h!["entityType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_rerun_reuses_earlier_translations_instead_of_sending_them_again()
    {
        var (operation, material) = await OperationWithExport(Export);
        var request = new { tool = "translate", materialIds = new[] { material }, parameters = new { targetLanguage = "en" } };
        var first = await RunTool(operation, request);
        await Artefacts(first);
        Translator.Reset();

        var second = await RunTool(operation, request);

        Assert.Equal("Completed", second["status"]!.GetValue<string>());
        Assert.Empty(Translator.Translated);
        Assert.Equal(0, second["metrics"]!["items"]!.GetValue<int>());
        Assert.Equal(3, second["metrics"]!["reused"]!.GetValue<int>());
        var all = await As(EasternAnalyst).GetJson($"/api/operations/{operation}/artefacts?kind=Translation");
        Assert.Equal(3, all["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_run_into_another_language_is_a_different_set_of_artefacts()
    {
        var (operation, material) = await OperationWithExport(Export);
        await Artefacts(await RunTool(operation, new { tool = "translate", materialIds = new[] { material } }));

        var french = await RunTool(operation, new { tool = "translate", materialIds = new[] { material }, parameters = new { targetLanguage = "fr" } });

        Assert.Equal(3, french["metrics"]!["items"]!.GetValue<int>());
        Assert.Equal("[fr] Meet at the usual place",
            (await Artefacts(french)).Single(a => a!["position"]!.GetValue<int>() == 3)!["translatedText"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_run_that_dies_mid_way_resumes_after_its_last_batch_without_duplicating_artefacts()
    {
        var lines = Enumerable.Range(1, 2500).Select(i => $"2024-10-01T10:00:00Z,+447700900123,+447700900456,消息 {i}");
        var (operation, material) = await OperationWithExport("timestamp,from,to,body\n" + string.Join('\n', lines));
        // LibreTranslate takes 100 lines a request: the first 1,000-row batch commits; the request
        // carrying line 1,250 (in the second batch) then fails on both of the adapter's attempts, so
        // the first attempt of the run dies part-way through its second batch, whatever order its
        // requests went out in. Wolverine retries the message.
        Translator.FailRequestsContaining("消息 1249", count: 2);

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } }, expectFailures: true);

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["attempts"]!.GetValue<int>());
        var produced = (await RunEvents(run)).OfType<TranslationProduced>().ToList();
        Assert.Equal(2500, produced.Count);
        Assert.Equal(2500, produced.Select(p => p.ArtefactId).Distinct().Count());
        Assert.Equal(Enumerable.Range(2, 2500), produced.Select(p => p.Line).Order());
        await Artefacts(run);
        Assert.Equal(2500, (await As(EasternAnalyst).GetJson($"/api/tool-runs/{run["id"]}/artefacts?pageSize=1"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_batchs_requests_go_out_together_and_their_answers_are_kept_in_line_order()
    {
        var lines = Enumerable.Range(1, 450).Select(i => $"2024-10-01T10:00:00Z,+447700900123,+447700900456,Сообщение {i}");
        var (operation, material) = await OperationWithExport("timestamp,from,to,body\n" + string.Join('\n', lines));
        // 450 lines are five requests of LibreTranslate's 100; the first four must be in flight at once.
        Translator.ExpectTogether(4, patience: TimeSpan.FromSeconds(10));

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Equal(1, run["attempts"]!.GetValue<int>());
        Assert.Equal(4, Translator.MostInFlight);
        var produced = (await RunEvents(run)).OfType<TranslationProduced>().ToList();
        Assert.Equal(Enumerable.Range(2, 450), produced.Select(p => p.Line));
        Assert.All(produced, p => Assert.Equal($"[en] Сообщение {p.Line - 1}", p.TranslatedText));
        Assert.Equal(Enumerable.Range(1, 450).Sum(i => $"Сообщение {i}".Length), run["metrics"]!["characters"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_provider_that_keeps_failing_fails_the_run_with_a_reason_after_the_last_attempt()
    {
        var (operation, material) = await OperationWithExport(Export);
        Translator.FailRequests(from: 1, count: 1000);

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } }, expectFailures: true);

        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.Equal(3, run["attempts"]!.GetValue<int>());
        var reason = run["failureReason"]!.GetValue<string>();
        Assert.Contains("LibreTranslate", reason);
        Assert.Contains("ask for it again later", reason);
        Assert.Empty((await RunEvents(run)).OfType<TranslationProduced>());
    }

    [Fact]
    public async Task cancelling_a_running_run_stops_it_between_batches()
    {
        var (operation, material) = await OperationWithExport(Export);
        var held = Translator.HoldNextRequest();
        Guid runId = default;

        await Wolverine.Tracking.WolverineHostMessageTrackingExtensions.TrackActivity(Host).Timeout(TimeSpan.FromSeconds(60))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ =>
            {
                var response = await As(EasternAnalyst).Post($"/api/operations/{operation}/tool-runs",
                    new { tool = "translate", materialIds = new[] { material } });
                runId = (await response.Body())["id"]!.GetValue<Guid>();
                await held;
                var cancel = await As(NorfolkInvestigator).Post($"/api/tool-runs/{runId}/cancel", new { reason = "Wrong exhibit" });
                await cancel.ShouldBe(HttpStatusCode.OK);
                Translator.Release();
            }));

        var run = await As(EasternAnalyst).GetJson($"/api/tool-runs/{runId}");
        Assert.Equal("Cancelled", run["status"]!.GetValue<string>());
        Assert.Equal("Wrong exhibit", run["cancelReason"]!.GetValue<string>());
        Assert.Equal("n-inv-1", run["cancelledBy"]!["id"]!.GetValue<string>());
        var events = await RunEvents(run);
        Assert.Empty(events.OfType<TranslationProduced>());
        Assert.Empty(events.OfType<ToolRunCompleted>());
        var again = await As(NorfolkInvestigator).Post($"/api/tool-runs/{runId}/cancel");
        Assert.Equal("run-finished", (await again.ShouldBeProblem(HttpStatusCode.Conflict))["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_column_override_names_the_message_column()
    {
        var (operation, material) = await OperationWithExport("zeit,absender,nachricht\n2024-10-01,+447700900123,Привет\n");

        var run = await RunTool(operation, new
        {
            tool = "translate", materialIds = new[] { material },
            parameters = new { columns = new { body = "nachricht", from = "absender", timestamp = "zeit" } },
        });

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Equal(["Привет"], Translator.Translated);
    }

    [Fact]
    public async Task an_export_without_a_message_column_fails_the_run_saying_so()
    {
        var (operation, material) = await OperationWithExport("a,b\n1,2\n");

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });

        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.StartsWith("JS/1:", run["failureReason"]!.GetValue<string>());
        Assert.Empty(Translator.Translated);
    }

    [Fact]
    public async Task an_altered_exhibit_is_never_processed()
    {
        var content = Export + "\n2024-10-02,+1,+2," + Guid.NewGuid();
        var (operation, material) = await OperationWithExport(content);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        var path = Path.Combine(AppFixture.StoragePath, "sha256", sha[..2], sha[2..4], sha);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.AppendAllTextAsync(path, "\n2024-10-03,+1,+2,inserted later");

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });

        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.Contains("integrity", run["failureReason"]!.GetValue<string>());
        Assert.Empty(Translator.Translated);
        var details = await As(NorfolkInvestigator).GetJson($"/api/materials/{material}");
        Assert.Equal("toex-tool-runner", details["integrityFailures"]!.AsArray().Single()!["detectedBy"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_runner_records_each_read_of_an_exhibit_for_continuity()
    {
        var (operation, material) = await OperationWithExport(Export);

        var run = await RunTool(operation, new { tool = "translate", materialIds = new[] { material } });

        var access = (await As(NorfolkInvestigator).GetJson($"/api/materials/{material}"))["accesses"]!.AsArray().Single()!;
        Assert.Equal("ToolRun", access["purpose"]!.GetValue<string>());
        Assert.Equal(run["id"]!.GetValue<Guid>(), access["toolRunId"]!.GetValue<Guid>());
    }
}
