using System.Diagnostics;
using Npgsql;
using Toex.Cases.Bench;
using Toex.Cases.Bench.Search;

var settings = Settings.From(args);
var work = Environment.GetEnvironmentVariable("BENCH_WORK_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
var shapes = QueryShape.All(settings.Exhibits);
var lines = new List<GeneratedLine>(settings.Artefacts);
var csvs = new List<string>();
try
{
    // 1. The exports: one per exhibit, each from its own seed and its own period (phones seized from
    // different people cover different months, one after another here), every line counted against
    // the query shapes.
    var generating = Stopwatch.StartNew();
    for (var exhibit = 0; exhibit < settings.Exhibits; exhibit++)
    {
        var count = settings.Artefacts / settings.Exhibits + (exhibit == settings.Exhibits - 1 ? settings.Artefacts % settings.Exhibits : 0);
        var csv = Path.Combine(work, $"toex-bench-search-{exhibit + 1}-{Guid.NewGuid():N}.csv");
        csvs.Add(csv);
        var e = exhibit;
        var stats = await SyntheticExport.WriteAsync(csv, count, settings.BodyCharacters, SyntheticExport.DefaultSeed + exhibit,
            (line, random) => Vocabulary.Append(e, count, line, random),
            (_, body) =>
            {
                var (translated, language) = ZeroLatencyTranslator.Translate(body);
                var generated = new GeneratedLine(body, translated, language, e);
                lines.Add(generated);
                var analysed = Vocabulary.Analyse(generated);
                foreach (var shape in shapes) if (shape.Matches(analysed)) shape.Expected++;
            },
            SyntheticExport.DefaultStart + Vocabulary.ExhibitPeriod * exhibit);
        Console.WriteLine($"Exhibit {exhibit + 1}: {stats.Lines:N0} lines, {stats.AverageBody:0.0} characters a body, {stats.Bytes / 1e6:0.0} MB; " +
            string.Join(", ", stats.LinesByLanguage.Select(l => $"{l.Key} {l.Value:N0}")) + $"; last line carries {Vocabulary.Marker(exhibit)}");
    }
    Console.WriteLine($"Generated and analysed {lines.Count:N0} lines in {generating.Elapsed.TotalSeconds:0.0} s. What the query shapes should find:");
    foreach (var shape in shapes) Console.WriteLine("  " + shape.Describe(lines.Count));
    Console.WriteLine();

    await using var translator = await ZeroLatencyTranslator.StartAsync(settings.ProviderPort);
    using var http = BenchApi.CreateHttpClient(settings.BaseUrl, TimeSpan.FromMinutes(5));
    var api = new SearchApi(http, Tokens.Investigator(settings.SigningKey), Tokens.Analyst(settings.SigningKey), Tokens.Admin(settings.SigningKey));
    await using var database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString)
    {
        ApplicationName = "toex-bench-search", MaxPoolSize = Math.Max(20, settings.Clients * 2),
        // An exhaustive direct-SQL request for a common word takes seconds, many times over with 8 clients: it is measured, not cut off.
        CommandTimeout = 600,
    }.ConnectionString);
    var store = new EventStore(database);

    var operationId = await api.TaskAndAcceptOperationAsync();
    var uploading = Stopwatch.StartNew();
    var materials = new List<Guid>();
    for (var exhibit = 0; exhibit < settings.Exhibits; exhibit++) materials.Add(await api.RegisterMaterialAsync(operationId, csvs[exhibit], exhibit + 1));
    Console.WriteLine($"Operation {operationId}: {materials.Count} exhibits registered in {uploading.Elapsed.TotalSeconds:0.0} s");

    // 2 and 3. The runs, one after another, while the index is watched; then the last run's last line.
    var runs = new List<RunTimes>();
    RunTimes? last = null;
    DateTimeOffset searchableSeen = default;
    await using (var watch = new IndexWatch(api))
    {
        for (var exhibit = 0; exhibit < settings.Exhibits; exhibit++)
        {
            var (runId, state) = await TranslateAsync(api, operationId, materials[exhibit], exhibit + 1, settings.RunTimeout, watch);
            if (state.Status != "Completed")
            {
                Console.Error.WriteLine($"FAILED: the run {runId} for exhibit {exhibit + 1} ended {state.Status}: {state.FailureReason}");
                return 1;
            }
            if (exhibit == settings.Exhibits - 1)
            {
                var query = $"q={Vocabulary.Marker(exhibit)}&materialId={materials[exhibit]}";
                var deadline = Stopwatch.StartNew();
                while (await api.SearchTotalAsync(query) < 1)
                {
                    if (deadline.Elapsed > settings.CatchUpTimeout)
                    {
                        Console.Error.WriteLine($"FAILED: the last line of exhibit {exhibit + 1} was not searchable {settings.CatchUpTimeout.TotalMinutes:0} minutes after its run completed.");
                        return 1;
                    }
                    await Task.Delay(100);
                }
                searchableSeen = DateTimeOffset.UtcNow;
            }
            var times = await store.RunTimesAsync(runId, materials[exhibit]);
            runs.Add(times);
            Console.WriteLine($"  exhibit {exhibit + 1}: run {runId} Started→Completed {(times.Completed - times.Started).TotalSeconds:0.0} s, " +
                $"{times.Translations:N0} translation artefacts = {times.Translations / (times.Completed - times.Started).TotalSeconds:N0}/s; " +
                $"index then at {watch.Latest?.AppliedThrough:N0} of {watch.Latest?.HighWaterMark:N0} events");
            last = times;
        }

        var artefacts = await store.ArtefactsAsync();
        var catchUp = Stopwatch.StartNew();
        while (watch.Reached(artefacts.LastSequence) is null)
        {
            if (catchUp.Elapsed > settings.CatchUpTimeout)
            {
                Console.Error.WriteLine($"FAILED: the index had not applied event {artefacts.LastSequence:N0} {settings.CatchUpTimeout.TotalMinutes:0} minutes after the last run.");
                return 1;
            }
            await Task.Delay(IndexWatch.Every);
        }
        while (watch.IdleAfter(last!.Completed) is null && catchUp.Elapsed < settings.CatchUpTimeout) await Task.Delay(IndexWatch.Every);
        var reached = watch.Reached(artefacts.LastSequence)!.Value;
        var idle = watch.IdleAfter(last!.Completed);
        var indexed = await store.IndexedAsync();
        Console.WriteLine();
        var indexing = new IndexingResult(artefacts.Count, indexed.Translations, indexed.All, artefacts.First, artefacts.Last,
            reached.Status.AppliedAt ?? reached.Seen, runs.Sum(r => (r.Completed - r.Started).TotalSeconds),
            searchableSeen - last.Completed, idle is { } i ? i.Seen - last.Completed : null, watch.MaxLagSeconds, watch.MaxPending,
            watch.Samples.Count, watch.Errors);
        indexing.Print();
        if (indexed.Translations != artefacts.Count)
        {
            Console.Error.WriteLine($"FAILED: {artefacts.Count:N0} translation artefacts, but the index holds {indexed.Translations:N0} translations.");
            return 1;
        }

        var live = watch.Latest!.LiveIndex;
        Console.WriteLine();

        // The search index has caught up; the audit trail may not have, and autovacuum has the load's
        // tables to vacuum and analyse. Queries are measured once nothing else runs.
        await AsyncProjections.CatchUpAsync(database, settings.CatchUpTimeout, "the search index had");
        await Autovacuum.SettleAsync(database, settings.CatchUpTimeout, "the projections caught up");
        Console.WriteLine(await store.TableStatisticsAsync(live));
        // The load leaves its rows dirty in PostgreSQL's shared buffers (a quarter of memory); the
        // checkpoint that writes them back would otherwise run through the queries on the same cores.
        var checkpoint = Stopwatch.StartNew();
        await using (var command = database.CreateCommand("CHECKPOINT")) await command.ExecuteNonQueryAsync();
        Console.WriteLine($"CHECKPOINT before the queries: {checkpoint.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();

        // 4 and 5 (ii). Query latency through the API, and the same work as direct SQL, in each mode.
        var raw = new RawSearchBaseline(database);
        var measured = new List<ModeResults>();
        foreach (var mode in Enum.GetValues<QueryMode>())
        {
            Console.WriteLine($"Queries through GET /api/search {QueryModes.Describe(mode)}; {settings.Clients} clients, {settings.Requests} requests a shape " +
                $"after {settings.Warmup} to warm up (none started after {settings.ShapeLimit.TotalSeconds:0} s):");
            var apiResults = new List<LatencyResult>();
            foreach (var shape in shapes)
            {
                var query = shape.QueryString(operationId, shape.MaterialOf(materials), mode);
                var result = await Latency.MeasureAsync(shape.Name, settings.Clients, settings.Warmup, settings.Requests, settings.ShapeLimit, () => api.SearchTotalAsync(query));
                apiResults.Add(result);
                Print("  API", result, shape, mode);
            }
            Console.WriteLine($"The same work as direct SQL on toex.search ({settings.Clients} connections):");
            var sqlResults = new List<LatencyResult>();
            foreach (var shape in shapes)
            {
                var result = await Latency.MeasureAsync(shape.Name, settings.Clients, settings.Warmup, settings.Requests, settings.ShapeLimit, () => raw.QueryAsync(shape, operationId, shape.MaterialOf(materials), mode));
                sqlResults.Add(result);
                Print("  SQL", result, shape, mode);
            }
            Console.WriteLine();
            measured.Add(new ModeResults(mode, apiResults, sqlResults));
        }

        // 5 (i). The raw INSERT floor.
        Console.WriteLine($"Raw baseline: {settings.RawRows:N0} rows INSERTed (unnest, {RawSearchBaseline.RowsPerStatement:N0} a statement and a transaction, one connection) " +
            $"into bench.raw_search, a copy of toex.{live} with all its indexes...");
        var insert = await raw.InsertAsync(live, lines, settings.RawRows, operationId);
        Console.WriteLine($"  {insert.Rows:N0} rows in {insert.Elapsed.TotalSeconds:0.0} s = {insert.PerSecond:N0} rows/s; " +
            $"table {insert.TableBytesPerRow:0} B a row, indexes {insert.IndexBytesPerRow:0} B a row " +
            $"(the live index: table {indexed.TableBytesPerRow:0} B, indexes {indexed.IndexBytesPerRow:0} B a row)");
        await raw.DropAsync();
        Console.WriteLine();

        ResultTable.Print(settings, indexing, insert, shapes, measured);
        foreach (var (mode, apiResults, sqlResults) in measured)
            for (var n = 0; n < shapes.Length; n++)
                if (apiResults[n].Hits != shapes[n].ExpectedTotal(mode) || sqlResults[n].Hits != shapes[n].ExpectedTotal(mode))
                    Console.Error.WriteLine($"NOTE: {shapes[n].Name} ({mode}): the generator expects {shapes[n].ExpectedTotal(mode):N0} hits; " +
                        $"the API found {apiResults[n].Hits:N0}, direct SQL {sqlResults[n].Hits:N0}.");
        return 0;
    }
}
finally
{
    foreach (var csv in csvs) File.Delete(csv);
}

static void Print(string who, LatencyResult r, QueryShape shape, QueryMode mode) =>
    Console.WriteLine($"{who} {r.Shape,-18} {r.Hits,9:N0} hits (expected {shape.ExpectedTotal(mode):N0}), {r.Requests} requests  p50 {r.P50,7:0.0}  p95 {r.P95,7:0.0}  p99 {r.P99,7:0.0}  " +
        $"max {r.Max,7:0.0} ms  {r.PerSecond,7:0.0} req/s");

static async Task<(Guid RunId, RunState State)> TranslateAsync(SearchApi api, Guid operationId, Guid materialId, int exhibit, TimeSpan timeout, IndexWatch watch)
{
    var clock = Stopwatch.StartNew();
    var runId = await api.RequestTranslationAsync(operationId, materialId);
    var report = TimeSpan.FromSeconds(30);
    while (true)
    {
        var state = await api.GetRunAsync(runId);
        if (state.IsFinished) return (runId, state);
        if (clock.Elapsed > timeout) return (runId, state with { Status = "TimedOut" });
        if (clock.Elapsed >= report)
        {
            var index = watch.Latest;
            Console.WriteLine($"  exhibit {exhibit}: {clock.Elapsed.TotalSeconds,5:0} s  {state.Status,-8} {state.Done,9:N0} / {state.Total:N0} rows; " +
                $"index {index?.PendingEvents:N0} events behind, lag {index?.LagSeconds:0.0} s");
            report += TimeSpan.FromSeconds(30);
        }
        await Task.Delay(500);
    }
}
