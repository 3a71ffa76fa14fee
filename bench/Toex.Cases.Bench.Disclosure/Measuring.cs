using Toex.Cases.Bench.ToolRuns;

namespace Toex.Cases.Bench.Disclosure;

public sealed record ExportRun(CsvDownload Download, long Chained, long Shown, CpuShares? Cpu)
{
    public long Rows => Download.Records - 1;
    public double Seconds => Download.Elapsed.TotalSeconds;
    public double RowsPerSecond => Rows / Seconds;
    /// <summary>The chain's events the export stands on (shown and artefact entries alike) per second.</summary>
    public double ChainEventsPerSecond => Chained / Seconds;
}

public sealed record VerifyRun(Verification Result, TimeSpan Elapsed, long Chained, CpuShares? Cpu)
{
    public double Seconds => Elapsed.TotalSeconds;
    public double EventsPerSecond => Result.Entries / Seconds;
}

public sealed record Rounds(
    IReadOnlyList<ExportRun> Exports, IReadOnlyList<CopyResult> Copies, IReadOnlyList<VerifyRun> Verifications, IReadOnlyList<HashResult> Hashes);

/// <summary>
/// Each figure <see cref="Settings.Repeats"/> times, taken in turn (export, COPY, verification,
/// read-and-hash) so that a slow spell of the machine falls on all of them. The export and the
/// verification each add an event (DisclosureExported, AuditChainVerified), so before each figure
/// the chain is let catch up: every figure is taken on a complete chain.
/// </summary>
public sealed class Measuring(DisclosureApi api, Trail trail, RawBaselines raw, Settings settings, List<string> failures)
{
    public async Task<Rounds> RunAsync(Guid operationId)
    {
        var exports = new List<ExportRun>();
        var copies = new List<CopyResult>();
        var verifications = new List<VerifyRun>();
        var hashes = new List<HashResult>();
        for (var round = 1; round <= settings.Repeats; round++)
        {
            var (chained, shown) = await CaughtUpAsync();
            var cpu = CpuSample.Take(settings.ApiPid);
            var download = await api.ExportTrailCsvAsync(operationId);
            var export = new ExportRun(download, chained, shown, CpuShares.Between(cpu, CpuSample.Take(settings.ApiPid)));
            exports.Add(export);
            Console.WriteLine($"  {round}. CSV export       {export.Seconds,7:0.00} s  {export.Rows,9:N0} rows, {download.Bytes / 1e6,6:0.0} MB  " +
                $"{export.RowsPerSecond,9:N0} rows/s  {export.ChainEventsPerSecond,9:N0} chain events/s");
            if (export.Cpu is { } exportCpu) Console.WriteLine($"     CPU: {exportCpu}");
            // The export's own DisclosureExported entry may be chained before its rows are read.
            if (export.Rows != shown && export.Rows != shown + 1)
                failures.Add($"CSV export {round} had {export.Rows:N0} rows; the trail shows {shown:N0} entries.");

            (chained, shown) = await CaughtUpAsync();
            var copy = await raw.CopyCsvAsync();
            copies.Add(copy);
            Console.WriteLine($"  {round}. COPY baseline    {copy.Elapsed.TotalSeconds,7:0.00} s  {copy.Rows,9:N0} rows, {copy.Bytes / 1e6,6:0.0} MB  " +
                $"{copy.RowsPerSecond,9:N0} rows/s");
            if (copy.Rows != shown) failures.Add($"COPY baseline {round} had {copy.Rows:N0} rows; the trail shows {shown:N0} entries.");

            (chained, _) = await CaughtUpAsync();
            cpu = CpuSample.Take(settings.ApiPid);
            var (result, elapsed) = await api.VerifyAsync(operationId);
            var verify = new VerifyRun(result, elapsed, chained, CpuShares.Between(cpu, CpuSample.Take(settings.ApiPid)));
            verifications.Add(verify);
            Console.WriteLine($"  {round}. Verification     {verify.Seconds,7:0.00} s  {result.Entries,9:N0} entries, valid={result.Valid}, " +
                $"pending {result.Pending}  {verify.EventsPerSecond,9:N0} events/s");
            if (verify.Cpu is { } verifyCpu) Console.WriteLine($"     CPU: {verifyCpu}");
            if (!result.Valid) failures.Add($"Verification {round} said the chain is broken at {result.FirstBrokenSequence}: {result.Problem}");
            if (result.Entries != chained) failures.Add($"Verification {round} counted {result.Entries:N0} entries; the trail holds {chained:N0}.");
            if (result.Pending != 0) failures.Add($"Verification {round} found {result.Pending:N0} events not yet chained on a complete chain.");

            (chained, _) = await CaughtUpAsync();
            var hash = await raw.ReadAndHashAsync();
            hashes.Add(hash);
            var head = await trail.HeadHashAsync();
            Console.WriteLine($"  {round}. Read+hash base.  {hash.Elapsed.TotalSeconds,7:0.00} s  {hash.Rows,9:N0} events, {hash.Bytes / 1e6,6:0.0} MB canonical  " +
                $"{hash.RowsPerSecond,9:N0} rows/s; head {(hash.Head == head ? "matches the trail's" : "DIFFERS from the trail's")}");
            if (hash.Rows != chained) failures.Add($"Read-and-hash baseline {round} read {hash.Rows:N0} events; the trail holds {chained:N0}.");
            if (hash.Head != head) failures.Add($"Read-and-hash baseline {round} ended at {hash.Head}, the trail's last hash is {head}.");
        }
        return new Rounds(exports, copies, verifications, hashes);
    }

    /// <summary>Waits until the trail has chained every event of the operation; its entries and shown entries then.</summary>
    public async Task<(long Chained, long Shown)> CaughtUpAsync()
    {
        var events = await trail.EventsAsync();
        if (await trail.WaitChainedAsync(events, settings.ChainTimeout) is null)
            throw new TimeoutException($"The trail did not chain the operation's {events:N0} events within {settings.ChainTimeout.TotalMinutes:0} minutes.");
        var (chained, shown) = await trail.ChainedAsync();
        if (chained != events) throw new InvalidDataException($"The trail holds {chained:N0} entries for {events:N0} events.");
        return (chained, shown);
    }
}
