using Npgsql;
using Toex.Cases.Bench;
using Toex.Cases.Bench.Operations;

int[] levels = [1, 8, 32];
var settings = Settings.From(args);
Console.WriteLine($"Per level: {settings.WarmupCommands} warm-up commands (not measured), then {settings.Window.TotalSeconds:0.#} s measured.");

using var http = OperationsApi.CreateHttpClient(settings.BaseUrl, levels.Max());
var api = new OperationsApi(http, Tokens.Investigator(settings.SigningKey), Tokens.Analyst(settings.SigningKey));
var apiResults = new List<LevelResult>();
foreach (var clients in levels)
    apiResults.Add(Report("API commands", await ClosedLoop.RunAsync(
        clients, settings.WarmupCommands, settings.Window, _ => Task.FromResult(api.Client()))));

await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
var raw = new RawInserts(database);
await raw.CreateTableAsync();
var rawResults = new List<LevelResult>();
foreach (var clients in levels)
    rawResults.Add(Report("raw INSERTs", await ClosedLoop.RunAsync(
        clients, settings.WarmupCommands, settings.Window, _ => raw.ConnectAsync())));

Console.WriteLine();
await RowSizes.PrintAsync(database);
Console.WriteLine();
ResultTable.Print(apiResults, rawResults);

var errors = apiResults.Concat(rawResults).Sum(r => r.Errors);
if (errors > 0) Console.Error.WriteLine($"FAILED: {errors} command(s) failed; the figures above are not valid.");
return errors == 0 ? 0 : 1;

static LevelResult Report(string what, LevelResult result)
{
    Console.WriteLine($"{what,-12} level {result.Clients,2}: {result.Commands,6} in {result.Elapsed.TotalSeconds,5:0.0} s = " +
        $"{result.PerSecond,7:0.0}/s  p50 {result.P50,6:0.00} ms  p99 {result.P99,6:0.00} ms  errors {result.Errors}");
    return result;
}
