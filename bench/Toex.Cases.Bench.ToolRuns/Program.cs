using System.Diagnostics;
using Npgsql;
using Toex.Cases.Bench;
using Toex.Cases.Bench.ToolRuns;

var settings = Settings.From(args);
// In the script's work folder when given, which it removes even if this program is killed.
var folder = Environment.GetEnvironmentVariable("BENCH_WORK_DIR") is { Length: > 0 } work ? work : Path.GetTempPath();
var csv = Path.Combine(folder, $"toex-bench-messages-{Guid.NewGuid():N}.csv");
var warmUpCsv = Path.Combine(folder, $"toex-bench-warm-up-{Guid.NewGuid():N}.csv");
try
{
    var generating = Stopwatch.StartNew();
    var export = await SyntheticExport.WriteAsync(csv, settings.Lines, settings.BodyCharacters);
    Console.WriteLine($"Synthetic export: {export.Lines:N0} message lines, {export.BodyCharacters:N0} body characters " +
        $"({export.AverageBody:0.0} a line), {export.Bytes / 1e6:0.0} MB as UTF-8 CSV, {export.LinesWithEntity:N0} lines carrying an entity; " +
        $"written in {generating.Elapsed.TotalSeconds:0.0} s");
    Console.WriteLine("  languages: " + string.Join(", ", export.LinesByLanguage.Select(l => $"{l.Key} {l.Value:N0}")));

    await using var translator = await ZeroLatencyTranslator.StartAsync(settings.ProviderPort);
    Console.WriteLine($"Zero-latency LibreTranslate stand-in on {translator.Url}");

    using var http = CasesApi.CreateHttpClient(settings.BaseUrl);
    var api = new CasesApi(http, Tokens.Investigator(settings.SigningKey), Tokens.Analyst(settings.SigningKey), Tokens.Admin(settings.SigningKey));
    await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
    var events = new EventTable(database);

    var operationId = await api.TaskAndAcceptOperationAsync();
    var uploading = Stopwatch.StartNew();
    var materialId = await api.RegisterMaterialAsync(operationId, csv);
    Console.WriteLine($"Operation {operationId} tasked and accepted; export registered as material {materialId} " +
        $"(multipart upload, {uploading.Elapsed.TotalSeconds:0.0} s)");
    Console.WriteLine();

    var measurement = new ToolRunMeasurement(api, events, database, translator, settings);
    if (settings.WarmUpLines > 0)
    {
        // A server runs for days; one started a moment ago spends the first minute compiling its hot
        // code again, optimised (.NET's tiered JIT: 15% of the machine through a first run, by perf).
        // A smaller run of both tools on an operation of its own, not measured, stands for the API
        // having been up; BENCH_WARMUP_LINES=0 measures a freshly started API instead.
        await SyntheticExport.WriteAsync(warmUpCsv, settings.WarmUpLines, settings.BodyCharacters);
        var warmUpOperation = await api.TaskAndAcceptOperationAsync();
        var warmUpMaterial = await api.RegisterMaterialAsync(warmUpOperation, warmUpCsv);
        var warming = Stopwatch.StartNew();
        foreach (var (tool, parameters) in new (string, object)[]
                 { ("translate", new { targetLanguage = "en", keywords = Phrasebook.Keywords }), ("triage", new { keywords = Phrasebook.Keywords }) })
        {
            var runId = await api.RequestRunAsync(warmUpOperation, tool, warmUpMaterial, parameters);
            RunState state;
            while (!(state = await api.GetRunAsync(runId)).IsFinished)
            {
                if (warming.Elapsed > settings.RunTimeout) { Console.Error.WriteLine($"FAILED: the warm-up {tool} run {runId} did not finish"); return 1; }
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            if (state.Status != "Completed") { Console.Error.WriteLine($"FAILED: the warm-up {tool} run {runId} ended {state.Status}: {state.FailureReason}"); return 1; }
        }
        await AsyncProjections.CatchUpAsync(database, settings.SearchableTimeout, "the warm-up");
        await Autovacuum.SettleAsync(database, settings.SearchableTimeout, "the projections caught up");
        Console.WriteLine($"Warm-up: {settings.WarmUpLines:N0} lines translated and triaged on an operation of their own, not measured " +
            $"({warming.Elapsed.TotalSeconds:0.0} s, waits included)");
        Console.WriteLine();
    }
    else Console.WriteLine("Warm-up: none (BENCH_WARMUP_LINES=0): the first run is measured on a freshly started API\n");
    var translate = await measurement.RunAsync(operationId, materialId, "Translate",
        new { targetLanguage = "en", keywords = Phrasebook.Keywords });
    if (!translate.Completed) return Fail(translate);
    // Each run, and the raw baseline, starts once the asynchronous projections and autovacuum have
    // caught up with what came before, so none of them is measured against another's backlog.
    await AsyncProjections.CatchUpAsync(database, settings.SearchableTimeout);
    await Autovacuum.SettleAsync(database, settings.SearchableTimeout, "the projections caught up");
    Console.WriteLine();
    var triage = await measurement.RunAsync(operationId, materialId, "Triage", new { keywords = Phrasebook.Keywords });
    if (!triage.Completed) return Fail(triage);
    await AsyncProjections.CatchUpAsync(database, settings.SearchableTimeout);
    await Autovacuum.SettleAsync(database, settings.SearchableTimeout, "the projections caught up");
    Console.WriteLine();

    var translationSize = await PrintSizesAsync(events, translate, materialId, "translation_produced");
    var entitySize = await PrintSizesAsync(events, triage, materialId, "entity_extracted");
    Console.WriteLine();

    Console.WriteLine($"Raw baseline: {settings.RawRows:N0} rows per method into bench.raw_rows, same database, one connection");
    var raw = new RawBaseline(database);
    var translationRows = await raw.RunAsync("translation", "translation_produced",
        RawPayloads.Translations(translationSize.Data, await events.SampleHeadersAsync(translate.RunId, materialId, "translation_produced")), settings.RawRows);
    var entityRows = await raw.RunAsync("entity", "entity_extracted",
        RawPayloads.Entities(entitySize.Data, await events.SampleHeadersAsync(triage.RunId, materialId, "entity_extracted")), settings.RawRows);
    Console.WriteLine();

    ResultTable.Print([(translate, translationRows[0]), (triage, entityRows[0])], [.. translationRows, .. entityRows]);
    var stalled = new[] { translate, triage }.Where(r => !r.CompletedOnItsOwn).ToList();
    foreach (var run in stalled)
        Console.Error.WriteLine($"FAILED: the {run.Tool} run {run.RunId} did not complete on its own: its ExecuteToolRun message was " +
            $"dead-lettered {run.Stalls.Count} time(s) ({run.Stalls[0].Exception}, first after {run.Stalls[0].At.TotalSeconds:0} s) " +
            "and completed only because this benchmark replayed it as an Admin.");
    return stalled.Count == 0 ? 0 : 1;
}
finally
{
    File.Delete(csv);
    File.Delete(warmUpCsv);
}

static int Fail(RunResult run)
{
    Console.Error.WriteLine($"FAILED: the {run.Tool} run {run.RunId} ended {run.Final.Status}: {run.Final.FailureReason}");
    return 1;
}

static async Task<EventSize> PrintSizesAsync(EventTable events, RunResult run, Guid materialId, string artefactType)
{
    var sizes = await events.SizesAsync(run.RunId, materialId);
    Console.WriteLine($"{run.Tool} run's events (average bytes: data and headers as jsonb text, whole stored row):");
    foreach (var s in sizes)
        Console.WriteLine($"  {s.Type,-22} {s.Count,9:N0}  data {s.Data,6:0} B  headers {s.Headers,4:0} B  row {s.Row,6:0} B");
    return sizes.SingleOrDefault(s => s.Type == artefactType)
        ?? throw new InvalidDataException($"The {run.Tool} run appended no {artefactType} events to size the raw rows by.");
}
