using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Toex.Cases.Bench.Disclosure;

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
public sealed class DisclosureApi(HttpClient http, string investigatorToken, string analystToken, string officerToken) : BenchApi(http)
{
    public string Investigator => investigatorToken;
    public string Analyst => analystToken;
    public string Officer => officerToken;

    public static HttpClient CreateHttpClient(string baseUrl) => CreateHttpClient(baseUrl, TimeSpan.FromMinutes(10));

    public Task<Guid> TaskAndAcceptOperationAsync() => TaskAndAcceptAsync(investigatorToken, analystToken,
        $"Operation Disclosure Bench {DateTime.UtcNow:yyyyMMddHHmmss}",
        "A seized handset's message export triaged, its exhibits read and decided on, to measure the audit trail.");

    public Task<Guid> RegisterMaterialAsync(Guid operationId, string path, string mediaType, string exhibitRef, string description) =>
        RegisterMaterialAsync(analystToken, operationId, path, mediaType, exhibitRef, description);

    public Task<Guid> RequestTriageAsync(Guid operationId, Guid materialId, IReadOnlyList<string> keywords) =>
        RequestRunAsync(analystToken, operationId, "triage", materialId, new { keywords });

    public Task<RunState> GetRunAsync(Guid runId) => GetRunAsync(analystToken, runId);

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
