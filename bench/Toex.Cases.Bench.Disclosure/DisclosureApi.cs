using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Toex.Cases.Bench.Disclosure;

public sealed record RunState(string Status, long Done, long Total, long Items, string? FailureReason)
{
    public bool IsFinished => Status is "Completed" or "Failed" or "Cancelled";
}

/// <summary>GET /audit/verification's answer.</summary>
public sealed record Verification(bool Valid, long Entries, long? FirstBrokenSequence, string? Problem, long Pending, string AnchorHash, long AnchorCount);

/// <summary>What came back from the CSV export: body bytes, CSV records (header included) and how long until the last byte.</summary>
public sealed record CsvDownload(long Bytes, long Records, TimeSpan Elapsed);

public sealed record Decision(bool Relevant, bool Sensitive, string Description, string? Location, string Reason, string? SensitivityReason);

/// <summary>
/// The API calls of the benchmark: an investigator tasks, an analyst accepts, registers and runs
/// triage; investigators, analysts and the disclosure officer read exhibits; the disclosure officer
/// decides relevance, exports the trail and checks its chain.
/// </summary>
public sealed class DisclosureApi(HttpClient http, string investigatorToken, string analystToken, string officerToken)
{
    private sealed record Created(Guid Id, int Version);

    public string Investigator => investigatorToken;
    public string Analyst => analystToken;
    public string Officer => officerToken;

    public static HttpClient CreateHttpClient(string baseUrl) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromMinutes(10),
        };

    public async Task<Guid> TaskAndAcceptOperationAsync()
    {
        using var task = new HttpRequestMessage(HttpMethod.Post, "/api/operations")
        {
            Content = JsonContent.Create(new
            {
                name = $"Operation Disclosure Bench {DateTime.UtcNow:yyyyMMddHHmmss}",
                threats = new[] { "SexualExploitation" },
                summary = "A seized handset's message export triaged, its exhibits read and decided on, to measure the audit trail.",
                priority = "High",
            }),
        };
        using var tasked = await SendAsync(task, investigatorToken, HttpStatusCode.Created);
        var operation = await tasked.Content.ReadFromJsonAsync<Created>()
            ?? throw new InvalidDataException("POST /api/operations answered 201 without a body.");

        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operation.Id}/accept");
        accept.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{operation.Version}\""));
        using var _ = await SendAsync(accept, analystToken, HttpStatusCode.OK);
        return operation.Id;
    }

    public async Task<Guid> RegisterMaterialAsync(Guid operationId, string path, string mediaType, string exhibitRef, string description)
    {
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/materials")
        {
            Content = new MultipartFormDataContent
            {
                { content, "file", Path.GetFileName(path) },
                { new StringContent(exhibitRef), "exhibitRef" },
                { new StringContent(description), "description" },
                { new StringContent("Bench handset"), "seizedFrom" },
            },
        };
        using var response = await SendAsync(request, analystToken, HttpStatusCode.Created);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    public async Task<Guid> RequestTriageAsync(Guid operationId, Guid materialId, IReadOnlyList<string> keywords)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{operationId}/tool-runs")
        {
            Content = JsonContent.Create(new { tool = "triage", materialIds = new[] { materialId }, parameters = new { keywords } }),
        };
        using var response = await SendAsync(request, analystToken, HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    public async Task<RunState> GetRunAsync(Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tool-runs/{runId}");
        using var response = await SendAsync(request, analystToken, HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var run = body.RootElement;
        var progress = run.GetProperty("progress");
        return new RunState(run.GetProperty("status").GetString()!,
            progress.GetProperty("done").GetInt64(), progress.GetProperty("total").GetInt64(),
            run.GetProperty("metrics").GetProperty("items").GetInt64(),
            run.TryGetProperty("failureReason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null);
    }

    /// <summary>Downloads an exhibit (the API re-hashes it and records the access first); returns the bytes read.</summary>
    public async Task<long> ReadContentAsync(Guid materialId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/materials/{materialId}/content");
        using var response = await SendAsync(request, token, HttpStatusCode.OK, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        return await CountingSink.DrainAsync(body);
    }

    public async Task DecideRelevanceAsync(Guid materialId, Decision decision)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/materials/{materialId}/relevance")
        {
            Content = JsonContent.Create(new
            {
                relevant = decision.Relevant, sensitive = decision.Sensitive, description = decision.Description,
                location = decision.Location, reason = decision.Reason, sensitivityReason = decision.SensitivityReason,
            }),
        };
        using var _ = await SendAsync(request, officerToken, HttpStatusCode.Created);
    }

    /// <summary>The whole trail as CSV, streamed into a counter: timed from sending the request to the last byte.</summary>
    public async Task<CsvDownload> ExportTrailCsvAsync(Guid operationId)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/operations/{operationId}/audit");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await SendAsync(request, officerToken, HttpStatusCode.OK, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var counter = new CsvCounter();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) counter.Add(buffer.AsSpan(0, read));
        return new CsvDownload(counter.Bytes, counter.Records, clock.Elapsed);
    }

    public async Task<(Verification Result, TimeSpan Elapsed)> VerifyAsync(Guid operationId)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/operations/{operationId}/audit/verification");
        using var response = await SendAsync(request, officerToken, HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        var anchor = root.GetProperty("anchor");
        return (new Verification(
            root.GetProperty("valid").GetBoolean(), root.GetProperty("entries").GetInt64(),
            root.TryGetProperty("firstBrokenSequence", out var broken) && broken.ValueKind == JsonValueKind.Number ? broken.GetInt64() : null,
            root.TryGetProperty("problem", out var problem) && problem.ValueKind == JsonValueKind.String ? problem.GetString() : null,
            root.GetProperty("pending").GetInt64(), anchor.GetProperty("hash").GetString()!, anchor.GetProperty("count").GetInt64()), elapsed);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string token, HttpStatusCode expected,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request, completion);
        if (response.StatusCode == expected) return response;
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        throw new HttpRequestException(
            $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body[..Math.Min(body.Length, 500)]}");
    }
}

public static class CountingSink
{
    public static async Task<long> DrainAsync(Stream stream)
    {
        var buffer = new byte[1 << 14];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0) total += read;
        return total;
    }
}

/// <summary>
/// Counts RFC 4180 records as bytes or characters go past: a line feed ends a record unless it is
/// inside a quoted field (a doubled quote inside one leaves and re-enters it, so it needs no case of
/// its own). Searches with the vectorised IndexOf, so that counting costs less than what is counted.
/// </summary>
public sealed class CsvCounter
{
    private bool _quoted;

    public long Bytes { get; private set; }
    public long Records { get; private set; }

    public void Add(ReadOnlySpan<byte> utf8)
    {
        Bytes += utf8.Length;
        Scan(utf8, (byte)'"', (byte)'\n');
    }

    public void Add(ReadOnlySpan<char> text, int utf8Bytes)
    {
        Bytes += utf8Bytes;
        Scan(text, '"', '\n');
    }

    private void Scan<T>(ReadOnlySpan<T> span, T quote, T newLine) where T : IEquatable<T>
    {
        while (!span.IsEmpty)
        {
            var at = _quoted ? span.IndexOf(quote) : span.IndexOfAny(quote, newLine);
            if (at < 0) return;
            if (span[at].Equals(quote)) _quoted = !_quoted;
            else Records++;
            span = span[(at + 1)..];
        }
    }
}
