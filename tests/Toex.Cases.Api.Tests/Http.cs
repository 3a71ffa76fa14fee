using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toex.Cases.Api.Tests;

/// <summary>Small helpers that keep the tests about behaviour, not plumbing.</summary>
public static class Http
{
    public static readonly object NewOperation = new
    {
        name = "Operation Nightjar",
        threats = new[] { "SexualExploitation", "CountyLines" },
        summary = "Young women moved between towns for sexual exploitation; county lines supply.",
        priority = "High",
    };

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static async Task<HttpResponseMessage> Post(this HttpClient client, string url, object? body = null,
        string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = body switch { null => null, HttpContent c => c, string s => Json(s), _ => Json(body) },
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>Tasks a new operation and returns its id.</summary>
    public static async Task<Guid> TaskOperation(this HttpClient investigator, object? body = null)
    {
        var response = await investigator.Post("/api/operations", body ?? NewOperation);
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.Body())["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonNode> Body(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task ShouldBe(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
            Assert.Fail($"Expected {(int)status} {status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 9457 problem response with this status, and returns its body.</summary>
    public static async Task<JsonNode> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.ShouldBe(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Body();
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()));
        return body;
    }

    public static async Task<JsonNode> GetJson(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await response.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();
}
