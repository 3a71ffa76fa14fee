using Npgsql;
using Toex.Cases.Bench;
using Toex.Cases.Bench.Disclosure;
using Toex.Cases.Bench.ToolRuns;

var settings = Settings.From(args);
var failures = new List<string>();
using var http = DisclosureApi.CreateHttpClient(settings.BaseUrl);
var api = new DisclosureApi(http, Tokens.Investigator(settings.SigningKey), Tokens.Analyst(settings.SigningKey),
    Tokens.DisclosureOfficer(settings.SigningKey));
await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
var builder = new OperationBuilder(api, database, settings);

// 1. The operation, built through the API.
Console.WriteLine($"Building one operation with {settings.Events:N0} events through the API: about {settings.ArtefactShare:0%} triage artefacts, " +
    $"the rest downloads ({settings.Readers} clients at once) and relevance decisions ({settings.DecisionShare:0%} of them)");
var operationId = await builder.CreateAsync();
var trail = builder.Trail;
var (export, registering) = await builder.RegisterExhibitsAsync();
Console.WriteLine($"Operation {operationId} tasked and accepted; exhibits registered in {registering.TotalSeconds:0.0} s: BENCH/MSG/1, a message " +
    $"export of {export.Lines:N0} lines ({export.Bytes / 1e6:0.0} MB, {export.LinesWithEntity:N0} with an entity in the body), " +
    $"and {settings.Exhibits:N0} statements BENCH/DOC/nnn");

var triage = await builder.TriageAsync(export.Lines);
if (triage.Final.Status != "Completed")
{
    Console.Error.WriteLine($"FAILED: the triage run {triage.RunId} ended {triage.Final.Status}: {triage.Final.FailureReason}");
    return 1;
}
var events = await trail.EventsAsync();
Console.WriteLine($"Triage completed in {triage.Elapsed.TotalSeconds:0.0} s: {triage.Final.Items:N0} entities from {triage.Final.Done:N0} rows " +
    $"({(double)triage.Final.Items / triage.Final.Done:0.00} a row, {triage.Final.Items / triage.Elapsed.TotalSeconds:N0} entities/s); the operation now has {events:N0} events");
var afterTriage = await CatchUpAsync(trail, settings, "after the triage run");
if (afterTriage is null) return 1;
if (events >= settings.Events)
    Console.WriteLine($"  (the triage alone reached the target: lower BENCH_ARTEFACT_SHARE or BENCH_ARTEFACTS_PER_LINE is {settings.ArtefactsPerLine} too low)");

var fill = new FillResult(0, 0, TimeSpan.Zero);
for (var round = 1; events < settings.Events; round++)
{
    if (round > 3)
    {
        failures.Add($"After three rounds of downloads and decisions the operation has {events:N0} events, not {settings.Events:N0}.");
        break;
    }
    Console.WriteLine($"Downloads and decisions for the remaining {settings.Events - events:N0} events:");
    var more = await builder.FillAsync(settings.Events - events);
    fill = new FillResult(fill.Reads + more.Reads, fill.Decisions + more.Decisions, fill.Elapsed + more.Elapsed);
    events = await trail.EventsAsync();
    Console.WriteLine($"  {more.Reads:N0} downloads and {more.Decisions:N0} decisions in {more.Elapsed.TotalSeconds:0.0} s " +
        $"({more.PerSecond:N0} requests/s); the operation now has {events:N0} events (counted in mt_events)");
}

var largest = await trail.LargestExhibitAsync();
Console.WriteLine($"  largest exhibit read model: {largest.ExhibitRef}, {largest.Accesses:N0} downloads listed, {largest.Bytes / 1024.0:N0} KB of JSON " +
    "(loaded and rewritten whole by each download of it)");

// 2. The chain catching up with the last event written.
Console.WriteLine();
var afterLast = await CatchUpAsync(trail, settings, "after the last download or decision");
if (afterLast is null) return 1;
var (chained, shown) = await trail.ChainedAsync();
Console.WriteLine($"  {chained:N0} entries (count(*)), {shown:N0} shown");
if (chained != afterLast.Events) failures.Add($"The trail holds {chained:N0} entries for {afterLast.Events:N0} events.");

var composition = await trail.CompositionAsync();
var artefacts = composition.Where(c => c.Type is "entity_extracted" or "translation_produced" or "transcript_segment_produced").Sum(c => c.Events);
Console.WriteLine();
Console.WriteLine("The operation's events by type (mt_events) and the trail's shown entries:");
foreach (var c in composition)
    Console.WriteLine($"  {c.Type,-30} {c.Events,9:N0}  {(double)c.Events / afterLast.Events,6:0.0%}   shown {c.Shown,9:N0}");
Console.WriteLine($"  {"total",-30} {afterLast.Events,9:N0}          shown {shown,9:N0} ({(double)shown / afterLast.Events:0.0%}); " +
    $"artefacts {artefacts:N0} ({(double)artefacts / afterLast.Events:0.0%}), other not shown {afterLast.Events - shown - artefacts:N0}");
var build = new BuildSummary(afterLast.Events, chained, shown, artefacts, triage, fill, afterTriage, afterLast);

// 3. Export, verification and their baselines.
Console.WriteLine();
Console.WriteLine($"Measuring {settings.Repeats} times each, in turn (baselines over one connection of this program):");
await using var connection = await database.OpenConnectionAsync();
var measuring = new Measuring(api, trail, new RawBaselines(connection, operationId), settings, failures);
var rounds = await measuring.RunAsync(operationId);

// 4. The chain must notice an altered event, at that event's entry.
Console.WriteLine();
var (entries, _) = await measuring.CaughtUpAsync();
var (eventId, type, isShown) = await trail.EntryAtAsync(entries / 2);
var sequence = await trail.SequenceOfAsync(eventId);
var original = await trail.TamperAsync(eventId);
var (tampered, tamperedIn) = await api.VerifyAsync(operationId);
await trail.RestoreAsync(eventId, original);
Console.WriteLine($"Tamper check: event {eventId} ({type}{(isShown ? ", shown" : "")}), entry {sequence:N0} of {entries:N0}, given an extra field in mt_events.data:");
Console.WriteLine($"  verification ({tamperedIn.TotalSeconds:0.00} s): valid={tampered.Valid}, firstBrokenSequence={tampered.FirstBrokenSequence}, problem: {tampered.Problem}");
await measuring.CaughtUpAsync();
var (restored, _) = await api.VerifyAsync(operationId);
Console.WriteLine($"  after putting the data back: valid={restored.Valid}, {restored.Entries:N0} entries");
var tamper = new TamperCheck(sequence, type, isShown, tampered, restored);
if (!tamper.Detected)
    failures.Add($"The altered event at entry {sequence:N0} was reported as valid={tampered.Valid}, first broken {tampered.FirstBrokenSequence}.");
if (!restored.Valid) failures.Add($"With the event's data put back the chain was still reported broken at {restored.FirstBrokenSequence}: {restored.Problem}");

Console.WriteLine();
ResultTable.Print(build, rounds, tamper);
foreach (var failure in failures) Console.Error.WriteLine($"FAILED: {failure}");
return failures.Count == 0 ? 0 : 1;

/// <summary>Looks at the operation just after a burst of writes ended and waits until the trail has chained all of it.</summary>
static async Task<CatchUp?> CatchUpAsync(Trail trail, Settings settings, string when)
{
    var look = await trail.SnapshotAsync();
    var sinceLastStored = look.Now - look.LastStored;
    Console.WriteLine($"Chain {when}: last event stored {sinceLastStored.TotalSeconds:0.00} s before this look; {look.Events:N0} events, " +
        $"{look.Chained:N0} chained, {look.Events - look.Chained:N0} still to chain");
    var waited = await trail.WaitChainedAsync(look.Events, settings.ChainTimeout,
        (t, head) => Console.WriteLine($"  {t.TotalSeconds,5:0} s  chained {head:N0} / {look.Events:N0}"));
    if (waited is not { } wait)
    {
        Console.Error.WriteLine($"FAILED: the trail had not chained the operation's {look.Events:N0} events {settings.ChainTimeout.TotalMinutes:0} minutes " +
            $"after the last was written (chained: {await trail.HeadAsync():N0}).");
        return null;
    }
    var catchUp = new CatchUp(look.Events, look.Events - look.Chained, wait, sinceLastStored + wait);
    Console.WriteLine($"  {catchUp}");
    return catchUp;
}
