using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Toex.Cases.Api.Tests.ToolRuns;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Disclosure;

public sealed class SchedulesTests(AppFixture fixture) : ToolRunTest(fixture)
{
    private static object Decision(bool relevant, bool sensitive, string description, string? sensitivityReason = null) => new
    {
        relevant, sensitive, description, location = "Norfolk property store, bay 4", reason = "Considered under CPIA para 3.4",
        sensitivityReason,
    };

    private async Task<JsonNode> Decide(Guid material, object decision, TestUser? by = null)
    {
        var response = await As(by ?? NorfolkDisclosure).Post($"/api/materials/{material}/relevance", decision);
        await response.ShouldBe(HttpStatusCode.Created);
        return await response.Body();
    }

    private async Task<List<(int Item, string Exhibit)>> Mg6c(Guid operation) =>
        (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/disclosure/mg6c"))["items"]!.AsArray()
        .Select(i => (i!["itemNumber"]!.GetValue<int>(), i["exhibitRef"]!.GetValue<string>())).ToList();

    private async Task<List<(int Item, string Exhibit, string Reason)>> Mg6d(Guid operation) =>
        (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/disclosure/mg6d"))["items"]!.AsArray()
        .Select(i => (i!["itemNumber"]!.GetValue<int>(), i["exhibitRef"]!.GetValue<string>(), i["sensitivityReason"]!.GetValue<string>())).ToList();

    private async Task<HttpResponseMessage> Get(TestUser user, string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return await As(user).SendAsync(request);
    }

    [Fact]
    public async Task item_numbers_are_consecutive_stable_and_never_reused()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var a = await Register(operation, "a", "A/1");
        var b = await Register(operation, "b", "B/1");
        var c = await Register(operation, "c", "C/1");
        var d = await Register(operation, "d", "D/1");

        Assert.Equal(1, (await Decide(a, Decision(true, false, "Phone A")))["mg6cItem"]!.GetValue<int>());
        Assert.Equal(1, (await Decide(b, Decision(true, true, "Informant log", "Would identify a source")))["mg6dItem"]!.GetValue<int>());
        await Decide(c, Decision(true, false, "Phone C"));
        Assert.Equal([(1, "A/1"), (2, "C/1")], await Mg6c(operation));
        Assert.Equal([(1, "B/1", "Would identify a source")], await Mg6d(operation));

        // A leaves the schedule: its number is not given to the next item, and it takes it back when it returns.
        await Decide(a, Decision(false, false, "Phone A: nothing of relevance"));
        Assert.Equal([(2, "C/1")], await Mg6c(operation));
        await Decide(d, Decision(true, false, "Phone D"));
        Assert.Equal([(2, "C/1"), (3, "D/1")], await Mg6c(operation));
        await Decide(a, Decision(true, false, "Phone A: relevant after all"));
        Assert.Equal([(1, "A/1"), (2, "C/1"), (3, "D/1")], await Mg6c(operation));

        // C becomes sensitive: it moves to MG6D with the next D number; its C number stays retired.
        await Decide(c, Decision(true, true, "Phone C", "Reveals a technique"));
        Assert.Equal([(1, "A/1"), (3, "D/1")], await Mg6c(operation));
        Assert.Equal([(1, "B/1", "Would identify a source"), (2, "C/1", "Reveals a technique")], await Mg6d(operation));

        var history = await As(NorfolkDisclosure).GetJson($"/api/materials/{a}/relevance");
        Assert.Equal(3, history["decisions"]!.AsArray().Count);
        Assert.Equal("Phone A: relevant after all", history["current"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task issued_versions_keep_their_bytes_and_number_on()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var a = await Register(operation, "a", "A/1");
        var b = await Register(operation, "b", "B/1");
        await Decide(a, Decision(true, false, "Phone A"));

        var first = await As(NorfolkDisclosure).Post($"/api/operations/{operation}/disclosure/schedules");
        await first.ShouldBe(HttpStatusCode.Created);
        var v1 = await first.Body();
        Assert.Equal(1, v1["version"]!.GetValue<int>());
        Assert.Equal($"/api/operations/{operation}/disclosure/schedules/1", first.Headers.Location?.ToString());
        var v1Bytes = await (await As(NorfolkDisclosure).GetAsync($"/api/operations/{operation}/disclosure/schedules/1")).Content.ReadAsByteArrayAsync();
        Assert.Equal(v1["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(v1Bytes)));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(v1Bytes, 0, 5));

        await Decide(b, Decision(true, true, "Informant log", "Would identify a source"));
        var second = await (await As(NorfolkDisclosure).Post($"/api/operations/{operation}/disclosure/schedules")).Body();
        Assert.Equal(2, second["version"]!.GetValue<int>());
        Assert.Equal(1, second["mg6dItems"]!.GetValue<int>());
        Assert.NotEqual(v1["sha256"]!.GetValue<string>(), second["sha256"]!.GetValue<string>());

        var again = await (await As(NorfolkDisclosure).GetAsync($"/api/operations/{operation}/disclosure/schedules/1")).Content.ReadAsByteArrayAsync();
        Assert.Equal(v1Bytes, again);
        var list = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/disclosure/schedules");
        Assert.Equal([1, 2], list["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        await (await As(NorfolkDisclosure).GetAsync($"/api/operations/{operation}/disclosure/schedules/3")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_issued_version_prints_the_items_and_the_audit_anchor()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var a = await Register(operation, "a", "A/1");
        await Decide(a, Decision(true, false, "Phone A download"));
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var issued = await (await As(NorfolkDisclosure).Post($"/api/operations/{operation}/disclosure/schedules")).Body();
        var anchor = issued["anchor"]!["hash"]!.GetValue<string>();
        Assert.True(issued["anchor"]!["count"]!.GetValue<long>() >= 3);
        var bytes = await (await As(NorfolkDisclosure).GetAsync($"/api/operations/{operation}/disclosure/schedules/1")).Content.ReadAsByteArrayAsync();

        var text = PdfText(bytes);
        Assert.Contains("Phone A download", text);
        Assert.Contains("A/1", text);
        Assert.Contains(anchor, text.Replace("\n", "").Replace(" ", ""));

        // The anchor printed on the schedule checks against the chain later on.
        var check = await As(NorfolkDisclosure).GetJson(
            $"/api/operations/{operation}/audit/verification?anchorCount={issued["anchor"]!["count"]}&anchorHash={anchor}");
        Assert.True(check["anchorCheck"]!["matches"]!.GetValue<bool>(), check.ToJsonString());
    }

    [Fact]
    public async Task schedules_come_as_csv_and_as_a_pdf_that_renders()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var a = await Register(operation, "a", "A/1");
        await Decide(a, Decision(true, false, "Phone \"A\", with a comma"));

        var csv = await Get(NorfolkDisclosure, $"/api/operations/{operation}/disclosure/mg6c", "text/csv");
        await csv.ShouldBe(HttpStatusCode.OK);
        var rows = Csv.Parse(await csv.Content.ReadAsStringAsync());
        Assert.Equal(["item_number", "description", "location", "exhibit_ref", "material_id"], rows[0]);
        Assert.Equal(["1", "Phone \"A\", with a comma", "Norfolk property store, bay 4", "A/1", a.ToString()], rows[1]);

        var pdf = await Get(NorfolkDisclosure, $"/api/operations/{operation}/disclosure/mg6c", "application/pdf");
        await pdf.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.True(DarkShare(bytes) > 0.005, "the first page renders blank");
        Assert.Contains("NON-SENSITIVE", PdfText(bytes));
    }

    [Fact]
    public async Task reading_a_schedule_is_recorded_in_the_trail()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        await (await Get(NorfolkDisclosure, $"/api/operations/{operation}/disclosure/mg6d", "text/csv")).ShouldBe(HttpStatusCode.OK);
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var entries = (await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/audit"))["entries"]!.AsArray();
        var last = entries.Last()!;
        Assert.Equal("Exported the MG6D schedule as text/csv", last["action"]!.GetValue<string>());
        Assert.Equal("DisclosureOfficer", last["actor"]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_digital_strategy_lists_every_run_with_its_parameters_and_results()
    {
        var (operation, material) = await OperationWithExport("timestamp,from,to,body\n2024-10-01T10:00:00Z,a,b,new girls at SW1A 1AA\n");
        await RunTool(operation, new { tool = "triage", materialIds = new[] { material }, parameters = new { keywords = new[] { "new girls" } } });

        var record = await As(NorfolkDisclosure).GetJson($"/api/operations/{operation}/disclosure/digital-strategy");

        var run = record["toolRuns"]!.AsArray().Single()!;
        Assert.Equal("Triage", run["tool"]!.GetValue<string>());
        Assert.Equal(["new girls"], run["parameters"]!["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("JS/1", run["materials"]![0]!["exhibitRef"]!.GetValue<string>());
        Assert.Equal(64, run["materials"]![0]!["sha256"]!.GetValue<string>().Length);
        Assert.Equal("ea-1", run["requestedBy"]!["id"]!.GetValue<string>());
        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["results"]!["items"]!.GetValue<long>());
    }

    public static TheoryData<string, string> BadDecisions => new()
    {
        { "not JSON", "{" },
        { "relevant missing", """{"sensitive":false,"description":"d","location":"l","reason":"r"}""" },
        { "sensitive missing", """{"relevant":true,"description":"d","location":"l","reason":"r"}""" },
        { "description blank", """{"relevant":true,"sensitive":false,"description":" ","location":"l","reason":"r"}""" },
        { "reason missing", """{"relevant":true,"sensitive":false,"description":"d","location":"l"}""" },
        { "location missing for relevant material", """{"relevant":true,"sensitive":false,"description":"d","reason":"r"}""" },
        { "sensitive but not relevant", """{"relevant":false,"sensitive":true,"description":"d","reason":"r","sensitivityReason":"s"}""" },
        { "sensitive without a reason", """{"relevant":true,"sensitive":true,"description":"d","location":"l","reason":"r"}""" },
        { "sensitivity reason on non-sensitive material", """{"relevant":true,"sensitive":false,"description":"d","location":"l","reason":"r","sensitivityReason":"s"}""" },
        { "relevant not a boolean", """{"relevant":"yes","sensitive":false,"description":"d","location":"l","reason":"r"}""" },
        { "description too long", $$"""{"relevant":true,"sensitive":false,"description":"{{new string('x', 4001)}}","location":"l","reason":"r"}""" },
    };

    [Theory]
    [MemberData(nameof(BadDecisions))]
    public async Task bad_decisions_are_problems_and_write_nothing(string because, string body)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var material = await Register(operation, "a", "A/1");
        var before = await Written();

        var response = await As(NorfolkDisclosure).Post($"/api/materials/{material}/relevance", body);

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(before == await Written(), because);
    }

    public static TheoryData<string, TestUser, HttpStatusCode> Deciders => new()
    {
        { "an investigator of the owning force", NorfolkInvestigator, HttpStatusCode.Forbidden },
        { "a TOEX analyst", EasternAnalyst, HttpStatusCode.Forbidden },
        { "an Admin", NorfolkAdmin, HttpStatusCode.Forbidden },
        { "a disclosure officer of another force", SuffolkDisclosure, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Deciders))]
    public async Task only_the_owning_forces_disclosure_officer_decides_or_issues(string because, TestUser caller, HttpStatusCode expected)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var material = await Register(operation, "a", "A/1");
        var before = await Written();

        var decide = await As(caller).Post($"/api/materials/{material}/relevance", Decision(true, false, "d"));
        var issue = await As(caller).Post($"/api/operations/{operation}/disclosure/schedules");

        Assert.True(expected == decide.StatusCode, $"{because}: decide gave {decide.StatusCode}");
        Assert.True(expected == issue.StatusCode, $"{because}: issue gave {issue.StatusCode}");
        Assert.True(before == await Written(), because);
    }

    public static TheoryData<string, TestUser, HttpStatusCode> Readers => new()
    {
        { "the owning force's disclosure officer", NorfolkDisclosure, HttpStatusCode.OK },
        { "an Admin", NorfolkAdmin, HttpStatusCode.OK },
        { "an investigator of the owning force", NorfolkInvestigator, HttpStatusCode.Forbidden },
        { "a TOEX analyst", EasternAnalyst, HttpStatusCode.Forbidden },
        { "a disclosure officer of another force", SuffolkDisclosure, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task schedules_and_the_strategy_are_for_the_disclosure_officer_and_admins(string because, TestUser caller, HttpStatusCode expected)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var material = await Register(operation, "a", "A/1");
        await Decide(material, Decision(true, false, "d"));
        await (await As(NorfolkDisclosure).Post($"/api/operations/{operation}/disclosure/schedules")).ShouldBe(HttpStatusCode.Created);

        foreach (var route in new[]
                 {
                     $"operations/{operation}/disclosure/mg6c", $"operations/{operation}/disclosure/mg6d",
                     $"operations/{operation}/disclosure/schedules", $"operations/{operation}/disclosure/schedules/1",
                     $"operations/{operation}/disclosure/digital-strategy", $"materials/{material}/relevance",
                 })
        {
            var response = await As(caller).GetAsync($"/api/{route}");
            Assert.True(expected == response.StatusCode, $"{because}: {route} gave {response.StatusCode}");
        }
    }

    private static string PdfText(byte[] pdf) => Poppler("pdftotext", pdf, "-layout", "{in}", "-");

    private static double DarkShare(byte[] pdf)
    {
        var pgm = Poppler("pdftoppm", pdf, "-gray", "-r", "40", "-f", "1", "-l", "1", "{in}");
        var bytes = System.Text.Encoding.Latin1.GetBytes(pgm);
        // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
        var header = 0;
        for (var fields = 0; fields < 4; header++)
            if (bytes[header] is (byte)'\n' or (byte)' ') fields++;
        var pixels = bytes.AsSpan(header);
        var dark = 0;
        foreach (var p in pixels) if (p < 128) dark++;
        return (double)dark / pixels.Length;
    }

    private static string Poppler(string tool, byte[] pdf, params string[] args)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.Latin1 };
            foreach (var a in args) start.ArgumentList.Add(a == "{in}" ? path : a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils");
            var output = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000), $"{tool} timed out");
            Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
            return output.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
