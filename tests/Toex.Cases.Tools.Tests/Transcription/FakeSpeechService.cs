using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Toex.Cases.Tools.Tests.Translation;

namespace Toex.Cases.Tools.Tests.Transcription;

/// <summary>
/// Azure Speech batch transcription v3.2 as the adapter documents it, scripted on a
/// <see cref="FakeProviderServer"/>. Creating a job fetches the media from the URL it was given, as
/// the real service does, so a test sees what the service would have read.
/// </summary>
internal sealed class FakeSpeechService
{
    public const string JobId = "6b1f3c0e-2f55-4d5e-9d8a-1f2e3d4c5b6a";
    public const string JobPath = "/speechtotext/v3.2/transcriptions/" + JobId;

    private readonly List<byte[]> _fetched = [];

    /// <summary>The media each create request's contentUrls[0] served.</summary>
    public IReadOnlyList<byte[]> Fetched
    {
        get
        {
            lock (_fetched)
                return [.. _fetched];
        }
    }

    public const string Transcript = """
        {
          "source": "https://media.example/toex.wav",
          "timestamp": "2025-03-14T09:00:30Z",
          "durationInTicks": 98000000,
          "duration": "PT9.8S",
          "combinedRecognizedPhrases": [
            {"channel": 0, "lexical": "meet me at the dock bring the money tonight", "itn": "meet me at the dock bring the money tonight",
             "maskedITN": "meet me at the dock bring the money tonight", "display": "Meet me at the dock. Bring the money tonight."}
          ],
          "recognizedPhrases": [
            {"recognitionStatus": "Success", "channel": 0, "offset": "PT4.2S", "duration": "PT3.5S",
             "offsetInTicks": 42000000.0, "durationInTicks": 35000000.0,
             "nBest": [{"confidence": 0.91, "lexical": "bring the money tonight", "itn": "bring the money tonight",
                        "maskedITN": "bring the money tonight", "display": "Bring the money tonight."}]},
            {"recognitionStatus": "Success", "channel": 0, "offset": "PT0.5S", "duration": "PT2.3S",
             "offsetInTicks": 5000000.0, "durationInTicks": 23000000.0,
             "nBest": [{"confidence": 0.95, "lexical": "meet me at the dock", "itn": "meet me at the dock",
                        "maskedITN": "meet me at the dock", "display": "Meet me at the dock."}]},
            {"recognitionStatus": "NoMatch", "channel": 0, "offset": "PT8S", "duration": "PT1S",
             "offsetInTicks": 80000000, "durationInTicks": 10000000, "nBest": []}
          ]
        }
        """;

    /// <summary>201 with a NotStarted job, after fetching the media named in the request.</summary>
    public Reply Created => async (context, request, stopping) =>
    {
        using var body = JsonDocument.Parse(request.Body);
        var url = body.RootElement.GetProperty("contentUrls")[0].GetString()!;
        using var http = FakeProviderServer.NewClient();
        var media = await http.GetByteArrayAsync(url, stopping);
        lock (_fetched)
            _fetched.Add(media);
        await Replies.Json(201, Job(context, "NotStarted"), ("Location", Base(context) + JobPath))(context, request, stopping);
    };

    public static Reply Status(string status, params (string Name, string Value)[] headers) =>
        (context, request, stopping) => Replies.Json(200, Job(context, status), headers)(context, request, stopping);

    public static Reply Failed(string code, string message) =>
        (context, request, stopping) => Replies.Json(200, Job(context, "Failed", new { code, message }))(context, request, stopping);

    /// <summary>The job's files: its report and its transcript, each at a SAS-style URL on this server.</summary>
    public static Reply Files { get; } = (context, request, stopping) =>
        Replies.Json(200, JsonSerializer.Serialize(new
        {
            values = new object[]
            {
                new { self = Base(context) + JobPath + "/files/1", name = "report.json", kind = "TranscriptionReport",
                      links = new { contentUrl = Base(context) + "/results/report.json?sv=2021&sig=report" } },
                new { self = Base(context) + JobPath + "/files/2", name = "contenturl_0.json", kind = "Transcription",
                      properties = new { size = 2048 },
                      links = new { contentUrl = Base(context) + "/results/contenturl_0.json?sv=2021&sig=transcript" } },
            },
        }))(context, request, stopping);

    public static Reply Content(string json) => Replies.Json(200, json);

    public static Reply Deleted { get; } = (context, _, _) =>
    {
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    };

    public static string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static string Job(HttpContext context, string status, object? error = null) =>
        JsonSerializer.Serialize(new
        {
            self = Base(context) + JobPath,
            model = new { self = Base(context) + "/speechtotext/v3.2/models/base/00000000-0000-0000-0000-000000000000" },
            links = new { files = Base(context) + JobPath + "/files" },
            properties = error is null
                ? (object)new { diarizationEnabled = false, wordLevelTimestampsEnabled = false, channels = new[] { 0 }, punctuationMode = "DictatedAndAutomatic", profanityFilterMode = "None" }
                : new { diarizationEnabled = false, wordLevelTimestampsEnabled = false, error },
            lastActionDateTime = "2025-03-14T09:00:10Z",
            status,
            createdDateTime = "2025-03-14T09:00:00Z",
            locale = "en-GB",
            displayName = "TOEX transcription",
        });
}
