using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Projections.Materials;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.Materials;

public sealed class MaterialsTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly byte[] Download = Encoding.UTF8.GetBytes(
        "timestamp,from,to,body\n2024-10-01T10:00:00Z,+447700900123,+447700900456,你好，明天见\n");

    public static MultipartFormDataContent Upload(byte[]? content = null, string exhibitRef = "JS/1",
        string? description = "Phone download, Samsung A52", string fileName = "download.csv", string mediaType = "text/csv",
        params (string Name, string Value)[] extra)
    {
        var form = new MultipartFormDataContent();
        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            form.Add(file, "file", fileName);
        }
        form.Add(new StringContent(exhibitRef), "exhibitRef");
        if (description is not null) form.Add(new StringContent(description), "description");
        foreach (var (name, value) in extra) form.Add(new StringContent(value), name);
        return form;
    }

    // The store outlives each test (content-addressed, per test run): tests that damage stored
    // files use bytes of their own.
    private static byte[] Unique() => Encoding.UTF8.GetBytes($"timestamp,from,to,body\n2024-10-01,a,b,{Guid.NewGuid()}\n");

    private async Task<(Guid Operation, Guid Material)> Registered(byte[]? content = null)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(content ?? Download));
        await response.ShouldBe(HttpStatusCode.Created);
        return (operation, (await response.Body())["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task registering_an_exhibit_stores_it_under_its_sha256()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials",
            Upload(Download, extra: [("seizedFrom", "Suspect A, 12 High St"), ("attributedTo", "Suspect A")]));

        await response.ShouldBe(HttpStatusCode.Created);
        var body = await response.Body();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Download));
        Assert.Equal(sha, body["sha256"]!.GetValue<string>());
        Assert.Equal(Download.Length, body["size"]!.GetValue<long>());
        Assert.Equal("text/csv", body["mediaType"]!.GetValue<string>());
        Assert.Equal("JS/1", body["exhibitRef"]!.GetValue<string>());
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/materials/{id}", response.Headers.Location?.ToString());
        Assert.Equal(Download, await File.ReadAllBytesAsync(Path.Combine(AppFixture.StoragePath, "sha256", sha[..2], sha[2..4], sha)));
        var details = await As(NorfolkInvestigator).GetJson($"/api/materials/{id}");
        Assert.Equal("Suspect A, 12 High St", details["seizedFrom"]!.GetValue<string>());
        Assert.Equal("n-inv-1", details["registeredBy"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task reading_content_serves_the_exact_bytes_and_records_who_read_it()
    {
        var (operation, material) = await Registered();

        var response = await As(EasternAnalyst).GetAsync($"/api/materials/{material}/content");

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Download, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var details = await As(NorfolkInvestigator).GetJson($"/api/materials/{material}");
        var access = details["accesses"]!.AsArray().Single()!;
        Assert.Equal("ea-1", access["by"]!["id"]!.GetValue<string>());
        Assert.Equal("Download", access["purpose"]!.GetValue<string>());
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(material);
        Assert.Equal([typeof(MaterialRegistered), typeof(MaterialContentAccessed)], events.Select(e => e.EventType));
        Assert.Equal(operation, ((MaterialContentAccessed)events[1].Data).OperationId);
    }

    [Fact]
    public async Task the_details_keep_the_latest_reads_and_the_continuity_lists_every_one()
    {
        var (_, material) = await Registered();
        var reads = Projections.Materials.MaterialDetails.LatestAccessesKept + 5;
        for (var i = 0; i < reads; i++)
            await (await As(i % 2 == 0 ? EasternAnalyst : NorfolkInvestigator).GetAsync($"/api/materials/{material}/content")).ShouldBe(HttpStatusCode.OK);

        var details = await As(NorfolkInvestigator).GetJson($"/api/materials/{material}");
        Assert.Equal(reads, details["accessCount"]!.GetValue<long>());
        Assert.Equal(Projections.Materials.MaterialDetails.LatestAccessesKept, details["accesses"]!.AsArray().Count);

        var entries = new List<JsonNode>();
        string? next = $"/api/materials/{material}/continuity?limit=7";
        while (next is not null)
        {
            var page = await As(NorfolkInvestigator).GetJson(next);
            entries.AddRange(page["entries"]!.AsArray().Select(e => e!));
            next = page["next"]?.GetValue<string>();
        }
        Assert.Equal(reads + 1, entries.Count);
        Assert.Equal("Registered", entries[0]["event"]!.GetValue<string>());
        Assert.All(entries.Skip(1), e => Assert.Equal("ContentRead", e["event"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, reads + 1).Select(v => (long)v), entries.Select(e => e["version"]!.GetValue<long>()));
        Assert.Equal("ea-1", entries[1]["by"]!["id"]!.GetValue<string>());
        Assert.Equal("n-inv-1", entries[2]["by"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("after=-1")]
    [InlineData("after=x")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    public async Task a_bad_continuity_page_is_a_problem(string query)
    {
        var (_, material) = await Registered();
        await (await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/continuity?{query}")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task another_forces_exhibit_has_no_continuity_to_show()
    {
        var (_, material) = await Registered();
        await (await As(SuffolkInvestigator).GetAsync($"/api/materials/{material}/continuity")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task altered_content_is_refused_recorded_and_never_served()
    {
        var content = Unique();
        var (_, material) = await Registered(content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = Path.Combine(AppFixture.StoragePath, "sha256", sha[..2], sha[2..4], sha);
        File.SetAttributes(path, FileAttributes.Normal);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(path, "timestamp,from,to,body\n2024-10-01T10:00:00Z,x,y,tampered\n");

        var response = await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(sha, problem["expectedSha256"]!.GetValue<string>());
        Assert.NotEqual(sha, problem["actualSha256"]!.GetValue<string>());
        Assert.DoesNotContain("tampered", problem.ToJsonString());
        var details = await As(NorfolkInvestigator).GetJson($"/api/materials/{material}");
        Assert.Single(details["integrityFailures"]!.AsArray());
        Assert.Empty(details["accesses"]!.AsArray());
    }

    [Fact]
    public async Task missing_content_is_refused_and_recorded()
    {
        var (_, material) = await Registered(Unique());
        await using (var session = Store.QuerySession())
        {
            var sha = (await session.LoadAsync<MaterialDetails>(material))!.Sha256;
            var path = Path.Combine(AppFixture.StoragePath, "sha256", sha[..2], sha[2..4], sha);
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }

        var response = await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Null(problem["actualSha256"]);
    }

    [Fact]
    public async Task uploading_genuine_bytes_again_restores_a_damaged_stored_file()
    {
        var content = Unique();
        var (operation, material) = await Registered(content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = Path.Combine(AppFixture.StoragePath, "sha256", sha[..2], sha[2..4], sha);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllTextAsync(path, "damaged");
        await (await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content")).ShouldBeProblem(HttpStatusCode.Conflict);

        await (await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(content, "JS/2")))
            .ShouldBe(HttpStatusCode.Created);

        var response = await As(NorfolkInvestigator).GetAsync($"/api/materials/{material}/content");
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task the_same_bytes_under_two_exhibit_refs_are_stored_once()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var content = Encoding.UTF8.GetBytes("same bytes " + Guid.NewGuid());

        await (await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(content, "A/1"))).ShouldBe(HttpStatusCode.Created);
        await (await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(content, "A/2"))).ShouldBe(HttpStatusCode.Created);

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Single(Directory.EnumerateFiles(AppFixture.StoragePath, sha, SearchOption.AllDirectories));
        var list = await As(NorfolkInvestigator).GetJson($"/api/operations/{operation}/materials");
        Assert.Equal(["A/1", "A/2"], list["items"]!.AsArray().Select(m => m!["exhibitRef"]!.GetValue<string>()));
    }

    [Fact]
    public async Task an_exhibit_ref_is_unique_within_an_operation()
    {
        var (operation, _) = await Registered();
        var before = await Written();

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials",
            Upload(Encoding.UTF8.GetBytes("other"), "JS/1"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("exhibit-ref-taken", problem["rule"]!.GetValue<string>());
        Assert.Equal(before, await Written());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(AppFixture.StoragePath, ".staging")));
    }

    [Fact]
    public async Task the_same_exhibit_ref_may_be_used_in_another_operation()
    {
        await Registered();
        var other = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{other}/materials", Upload(Download));

        await response.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task an_upload_over_the_size_cap_is_413_and_keeps_nothing()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var before = await Written();

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials",
            Upload(new byte[AppFixture.MaxUploadBytes + 1]));

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await Written());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(AppFixture.StoragePath, ".staging")));
    }

    [Fact]
    public async Task registering_on_a_closed_operation_is_refused()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        await As(NorfolkInvestigator).Post($"/api/operations/{operation}/close", new { reason = "done" }, ifMatch: "\"1\"");

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(Download));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("operation-closed", problem["rule"]!.GetValue<string>());
    }

    public static TheoryData<string, Func<MultipartFormDataContent>, string> BadUploads => new()
    {
        { "no file", () => Upload(null), "file" },
        { "an empty file", () => Upload([]), "file" },
        { "no exhibit ref", () => Upload(Download, exhibitRef: ""), "exhibitRef" },
        { "an exhibit ref over 100 characters", () => Upload(Download, exhibitRef: new string('x', 101)), "exhibitRef" },
        { "no description", () => Upload(Download, description: null), "description" },
        { "a seizedFrom over 200 characters", () => Upload(Download, extra: ("seizedFrom", new string('s', 201))), "seizedFrom" },
        { "an unknown field", () => Upload(Download, extra: ("exhibitref", "typo")), "exhibitref" },
        { "a field over 8 KiB", () => Upload(Download, extra: ("attributedTo", new string('a', 9000))), "attributedTo" },
        { "two files", () => { var f = Upload(Download); f.Add(new ByteArrayContent([1, 2]), "file", "second.bin"); return f; }, "file" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task a_bad_upload_is_a_400_problem_and_keeps_nothing(string why, Func<MultipartFormDataContent> form, string field)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var before = await Written();

        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials", form());

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{why}: {problem.ToJsonString()}");
        Assert.Equal(before, await Written());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(AppFixture.StoragePath, ".staging")));
    }

    [Fact]
    public async Task an_upload_that_is_not_multipart_is_415()
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();

        var response = await As(NorfolkInvestigator).Post($"/api/operations/{operation}/materials", new { exhibitRef = "x" });

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task another_forces_exhibits_are_404_on_every_route()
    {
        var (operation, material) = await Registered();
        var outsider = As(WestYorkshireInvestigator);

        await (await outsider.GetAsync($"/api/materials/{material}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/materials/{material}/content")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/operations/{operation}/materials")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/operations/{operation}/materials", Upload(Download, "X/9"))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await As(LondonAnalyst).GetAsync($"/api/materials/{material}/content")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/materials/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await using var session = Store.QuerySession();
        Assert.Empty((await session.LoadAsync<MaterialDetails>(material))!.Accesses);
    }

    [Fact]
    public async Task a_force_the_operation_is_shared_with_reads_exhibits_but_cannot_register_them()
    {
        var (operation, material) = await Registered();
        await As(NorfolkInvestigator).Post($"/api/operations/{operation}/share", new { with = "west-yorkshire", reason = "r" }, ifMatch: "\"1\"");

        var read = await As(WestYorkshireInvestigator).GetAsync($"/api/materials/{material}/content");
        var register = await As(WestYorkshireInvestigator).PostAsync($"/api/operations/{operation}/materials", Upload(Download, "WY/1"));

        await read.ShouldBe(HttpStatusCode.OK);
        await register.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("a disclosure officer")]
    public async Task only_an_investigator_of_the_owning_force_or_a_TOEX_analyst_registers_material(string who)
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();

        var refused = await As(NorfolkDisclosure).PostAsync($"/api/operations/{operation}/materials", Upload(Download));
        var analyst = await As(EasternAnalyst).PostAsync($"/api/operations/{operation}/materials", Upload(Download, "TOEX/1"));

        await refused.ShouldBeProblem(HttpStatusCode.Forbidden);
        await analyst.ShouldBe(HttpStatusCode.Created);
        Assert.NotEmpty(who);
    }
}
