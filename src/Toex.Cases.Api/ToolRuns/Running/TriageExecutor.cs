using System.Text.Json;
using System.Text.Json.Serialization;
using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Tools.Exports;
using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>
/// Extracts entities (phones, emails, bank details, wallets, ...) and keyword hits from every row
/// of an export — messages, call logs or contacts — one Entity artefact per distinct entity per
/// line, and records a per-material summary with the potential-evidential-value flag and its reasons.
/// </summary>
public sealed class TriageExecutor(TimeProvider clock) : IToolExecutor
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public Tool Tool => Tool.Triage;

    public Task<long> CountAsync(MaterialDetails material, Func<Stream> openContent, CancellationToken cancellationToken) =>
        ExportBatches.CountRowsAsync(openContent, cancellationToken);

    public async Task ExecuteAsync(MaterialWork work, CancellationToken cancellationToken)
    {
        var keywords = KeywordSet.Create(work.Run.Parameters.KeywordList);
        await using var reader = await ExportReader.OpenAsync(work.OpenContent(), cancellationToken);
        // Message columns are optional here: a contacts list has none, but where there are
        // from/to columns they feed the summary's top contacts.
        MessageColumns.TryResolve(reader.Headers, ExportBatches.Overrides(work.Run.Parameters.Columns), out var columns, out _);

        var summary = new TriageSummary();
        var output = new List<object>();
        var skipped = new List<SkippedItem>();
        var rows = 0;
        var last = work.ResumeAfter;
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            if (row is not ExportRecord record)
            {
                if (row.Line > work.ResumeAfter) skipped.Add(new SkippedItem(row.Line, ((SkippedRow)row).Reason));
            }
            else
            {
                // Lines before the resume point were appended by an earlier attempt; they still count in the summary.
                var entities = EntityExtractor.Extract(string.Join('\n', record.Fields.Values), keywords);
                var message = columns?.ToMessage(record);
                summary.Add(record.Line, entities, message?.From, message?.To);
                if (record.Line > work.ResumeAfter)
                    output.AddRange(entities.Select(e => (object)new EntityExtracted(
                        work.ArtefactId(record.Line, $"{record.Line}:{e.Type}:{e.Value}"), work.Run.Id, work.Run.OperationId, work.Material.Id,
                        record.Line, e.Type.ToString(), e.Value, clock.GetUtcNow())));
            }
            if (row.Line <= work.ResumeAfter) continue;
            rows++;
            last = row.Line;
            if (rows == ExportBatches.BatchRows)
            {
                await FlushAsync(work, output, skipped, rows, last, cancellationToken);
                rows = 0;
            }
        }

        output.Add(new MaterialTriaged(work.Run.Id, work.Run.OperationId, work.Material.Id,
            JsonSerializer.Serialize(summary.Build(), SummaryJson), ToolRunDecisions.Runner, clock.GetUtcNow()));
        await FlushAsync(work, output, skipped, rows, last, cancellationToken);
    }

    private static async Task FlushAsync(MaterialWork work, List<object> output, List<SkippedItem> skipped, int rows, int last,
        CancellationToken cancellationToken)
    {
        var ids = output.OfType<EntityExtracted>().Select(e => e.ArtefactId).ToArray();
        var existing = await work.Writer.ExistingAsync(ids, cancellationToken);
        var fresh = output.Where(e => e is not EntityExtracted x || !existing.Contains(x.ArtefactId)).ToArray();
        await work.Writer.AppendAsync(work.Material.Id, last, rows, fresh,
            new ToolRunMetrics(fresh.Count(e => e is EntityExtracted), existing.Count, skipped.Count, 0, 0), skipped.ToArray(),
            cancellationToken);
        output.Clear();
        skipped.Clear();
    }
}
