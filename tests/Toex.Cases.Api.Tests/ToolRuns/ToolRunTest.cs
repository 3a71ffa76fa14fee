using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Wolverine.Marten;
using Toex.Cases.Api.Tests.Materials;
using Toex.Cases.Domain.ToolRuns;
using Wolverine;
using Wolverine.Tracking;
using static Toex.Cases.Api.Tests.Users;

namespace Toex.Cases.Api.Tests.ToolRuns;

/// <summary>Helpers for tests that register exhibits and run tools, waiting with Wolverine's tracked sessions.</summary>
public abstract class ToolRunTest(AppFixture fixture) : ApiTest(fixture)
{
    protected async Task<(Guid Operation, Guid Material)> OperationWithExport(string csv, string exhibitRef = "JS/1")
    {
        var operation = await As(NorfolkInvestigator).TaskOperation();
        var material = await Register(operation, csv, exhibitRef);
        return (operation, material);
    }

    protected async Task<Guid> Register(Guid operation, string content, string exhibitRef, string mediaType = "text/csv")
    {
        var response = await As(NorfolkInvestigator).PostAsync($"/api/operations/{operation}/materials",
            MaterialsTests.Upload(Encoding.UTF8.GetBytes(content), exhibitRef, mediaType: mediaType));
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.Body())["id"]!.GetValue<Guid>();
    }

    /// <summary>Asks for a run and waits until the runner has finished with it (including retries).</summary>
    protected async Task<JsonNode> RunTool(Guid operation, object request, TestUser? user = null, bool expectFailures = false)
    {
        Guid runId = default;
        var tracking = Host.TrackActivity().Timeout(TimeSpan.FromSeconds(120));
        if (expectFailures) tracking = tracking.DoNotAssertOnExceptionsDetected();
        await tracking.ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
        {
            var response = await As(user ?? EasternAnalyst).Post($"/api/operations/{operation}/tool-runs", request);
            await response.ShouldBe(HttpStatusCode.Accepted);
            runId = (await response.Body())["id"]!.GetValue<Guid>();
            Assert.Equal($"/api/tool-runs/{runId}", response.Headers.Location?.ToString());
        }));
        return await As(user ?? EasternAnalyst).GetJson($"/api/tool-runs/{runId}");
    }

    /// <summary>Every artefact of the run: they are listed from their events, current as soon as the run's batches commit.</summary>
    protected async Task<JsonArray> Artefacts(JsonNode run)
    {
        var page = await As(EasternAnalyst).GetJson($"/api/tool-runs/{run["id"]}/artefacts?pageSize=1000");
        return page["items"]!.AsArray();
    }

    /// <summary>The run's own stream, then each material's artefact stream, as stored.</summary>
    protected async Task<IReadOnlyList<object>> RunEvents(JsonNode run)
    {
        await using var session = Store.QuerySession();
        var runId = run["id"]!.GetValue<Guid>();
        var events = (await session.Events.FetchStreamAsync(runId)).Select(e => e.Data).ToList();
        foreach (var material in run["materialIds"]!.AsArray().Select(m => m!.GetValue<Guid>()))
            events.AddRange((await session.Events.FetchStreamAsync(ArtefactIds.StreamFor(runId, material))).Select(e => e.Data));
        return events;
    }
}
