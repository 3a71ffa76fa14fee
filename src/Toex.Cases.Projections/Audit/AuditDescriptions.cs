using System.Globalization;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Domain.Findings;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Domain.Search;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Projections.Audit;

/// <summary>What an audit entry says to a person: who, what was done, to what, and the particulars.</summary>
public sealed record AuditDescription(Actor By, string Action, string Subject, IReadOnlyDictionary<string, string> Details);

/// <summary>
/// Tells each event in plain English. Artefact events are not told one by one: the batch that
/// produced them is, by its <see cref="ToolRunProgressed"/> (they are still each in the chain).
/// </summary>
public static class AuditDescriptions
{
    public static bool IsArtefact(object data) => data is TranslationProduced or EntityExtracted or TranscriptSegmentProduced;

    /// <summary>
    /// The event types <see cref="Describe"/> tells: what the trail's projection asks the daemon to
    /// load and deserialize. Every other event of an operation (the artefacts) is chained from its
    /// stored row alone. A test holds every event type of the domain to being here or an artefact.
    /// </summary>
    public static readonly Type[] ToldTypes =
    [
        typeof(OperationTasked), typeof(OperationAccepted), typeof(AnalystAssigned), typeof(OutcomeRecorded), typeof(OperationShared),
        typeof(OperationClosed), typeof(OperationReopened),
        typeof(MaterialRegistered), typeof(MaterialContentAccessed), typeof(MaterialIntegrityFailed),
        typeof(ToolRunRequested), typeof(ToolRunStarted), typeof(ToolRunProgressed), typeof(MaterialTriaged), typeof(ToolRunCompleted),
        typeof(ToolRunFailed), typeof(ToolRunCancelled), typeof(ToolRunRetracted),
        typeof(KeywordTriageRun), typeof(FindingRecorded), typeof(FindingSuperseded),
        typeof(MaterialRelevanceDecided), typeof(ScheduleIssued), typeof(DisclosureExported), typeof(AuditChainVerified),
    ];

    /// <param name="data">The event.</param>
    /// <param name="exhibit">The exhibit reference of a material id, where known.</param>
    public static AuditDescription? Describe(object data, Func<Guid, string?> exhibit)
    {
        string Material(Guid id) => exhibit(id) is { } reference ? $"exhibit {reference}" : $"material {id}";
        string Run(Guid id) => $"tool run {id}";
        static Dictionary<string, string> D(params (string Key, string? Value)[] pairs) =>
            pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        return data switch
        {
            OperationTasked e => new(e.By, $"Tasked TOEX with operation '{e.Name}'", $"operation {e.OperationId}",
                D(("force", e.Force), ("region", e.Region), ("priority", e.Priority.ToString()), ("threats", string.Join(", ", e.Threats)),
                    ("summary", e.Summary))),
            OperationAccepted e => new(e.By, "Accepted the operation", $"operation {e.OperationId}", D()),
            AnalystAssigned e => new(e.By, $"Assigned analyst {e.AnalystName}", $"operation {e.OperationId}",
                D(("analystId", e.AnalystId))),
            OutcomeRecorded e => new(e.By, $"Recorded outcome {e.Kind} ({e.Count})", $"operation {e.OperationId}",
                D(("outcomeId", e.OutcomeId.ToString()), ("summary", e.Summary))),
            OperationShared e => new(e.By, $"Shared the operation with {e.With}", $"operation {e.OperationId}", D(("reason", e.Reason))),
            OperationClosed e => new(e.By, "Closed the operation", $"operation {e.OperationId}", D(("reason", e.Reason))),
            OperationReopened e => new(e.By, "Reopened the operation", $"operation {e.OperationId}", D(("reason", e.Reason))),

            MaterialRegistered e => new(e.By, $"Registered exhibit {e.ExhibitRef}", $"exhibit {e.ExhibitRef}",
                D(("materialId", e.MaterialId.ToString()), ("description", e.Description), ("sha256", e.Sha256),
                    ("size", e.Size.ToString(CultureInfo.InvariantCulture)), ("mediaType", e.MediaType), ("fileName", e.FileName),
                    ("seizedFrom", e.SeizedFrom), ("attributedTo", e.AttributedTo))),
            MaterialContentAccessed e => new(e.By,
                e.Purpose == AccessPurpose.ToolRun ? "Read the exhibit's content for a tool run" : "Downloaded the exhibit's content",
                Material(e.MaterialId), D(("materialId", e.MaterialId.ToString()), ("toolRunId", e.ToolRunId?.ToString()))),
            MaterialIntegrityFailed e => new(e.By, "Refused the exhibit's content: it no longer matches its registration hash",
                Material(e.MaterialId), D(("materialId", e.MaterialId.ToString()), ("expectedSha256", e.ExpectedSha256),
                    ("actualSha256", e.ActualSha256))),

            ToolRunRequested e => new(e.By, $"Asked for a {e.Tool.ToString().ToLowerInvariant()} run",
                string.Join(", ", e.MaterialIds.Select(Material)),
                D(("toolRunId", e.RunId.ToString()), ("tool", e.Tool.ToString()),
                    ("targetLanguage", e.Parameters.TargetLanguage), ("language", e.Parameters.Language),
                    ("keywords", e.Parameters.KeywordList.Count > 0 ? string.Join(", ", e.Parameters.KeywordList) : null))),
            ToolRunStarted e => new(e.By, $"Started the run (attempt {e.Attempt}, {N(e.Total)} items to process)", Run(e.RunId), D()),
            ToolRunProgressed e => new(e.By,
                $"Processed {Material(e.MaterialId)} up to position {e.Done}: {N(e.Batch.Items)} artefacts produced in this batch" +
                (e.Batch.Reused > 0 ? $", {N(e.Batch.Reused)} already produced before" : "") +
                (e.Skipped.Count > 0 ? $", {e.Skipped.Count} rows skipped" : ""),
                Run(e.RunId),
                D(("materialId", e.MaterialId.ToString()), ("done", e.Done.ToString(CultureInfo.InvariantCulture)),
                    ("artefacts", e.Batch.Items.ToString(CultureInfo.InvariantCulture)),
                    ("itemsDone", e.ItemsDone.ToString(CultureInfo.InvariantCulture)),
                    ("skippedLines", e.Skipped.Count > 0 ? string.Join(", ", e.Skipped.Select(s => s.Line)) : null))),
            MaterialTriaged e => new(e.By, $"Recorded the triage summary of {Material(e.MaterialId)}", Run(e.RunId),
                D(("materialId", e.MaterialId.ToString()), ("summary", e.SummaryJson))),
            ToolRunCompleted e => new(e.By, $"Completed the run: {N(e.Metrics.Items)} artefacts", Run(e.RunId),
                D(("items", e.Metrics.Items.ToString(CultureInfo.InvariantCulture)),
                    ("reused", e.Metrics.Reused.ToString(CultureInfo.InvariantCulture)),
                    ("skipped", e.Metrics.Skipped.ToString(CultureInfo.InvariantCulture)),
                    ("characters", e.Metrics.Characters.ToString(CultureInfo.InvariantCulture)),
                    ("mediaSeconds", e.Metrics.MediaSeconds.ToString(CultureInfo.InvariantCulture)))),
            ToolRunFailed e => new(e.By, "The run failed", Run(e.RunId), D(("reason", e.Reason))),
            ToolRunCancelled e => new(e.By, "Cancelled the run", Run(e.RunId), D(("reason", e.Reason))),
            ToolRunRetracted e => new(e.By, "Retracted the run's output (kept on the record, removed from search)", Run(e.RunId),
                D(("reason", e.Reason))),
            KeywordTriageRun e => new(e.By, $"Ran a keyword triage with {e.Keywords.Count} keyword(s)", $"operation {e.OperationId}",
                D(("keywords", string.Join("; ", e.Keywords)),
                    ("materials", e.MaterialIds.Count == 0 ? "all" : string.Join(", ", e.MaterialIds.Select(Material))),
                    ("results", string.Join("; ", e.Results.Select(r => $"{r.ExhibitRef}: {N(r.Hits)} line(s), {r.DistinctKeywords} keyword(s)"))))),

            FindingRecorded e => new(e.By, $"Recorded a finding: {e.Kind} ({e.EvidentialValue} evidential value)", $"finding {e.FindingId}",
                D(("summary", e.Summary), ("artefactIds", string.Join(", ", e.ArtefactIds)), ("toolRunIds", string.Join(", ", e.ToolRunIds)),
                    ("supersedes", e.Supersedes?.ToString()))),
            FindingSuperseded e => new(e.By, $"Marked the finding superseded by {e.SupersededBy}", $"finding {e.FindingId}", D()),

            MaterialRelevanceDecided e => new(e.By,
                !e.Relevant ? "Decided the exhibit is not relevant" :
                e.Sensitive ? $"Scheduled the exhibit as sensitive (MG6D item {e.Mg6dItem})" :
                $"Scheduled the exhibit as relevant, not sensitive (MG6C item {e.Mg6cItem})",
                Material(e.MaterialId),
                D(("materialId", e.MaterialId.ToString()), ("description", e.Description), ("location", e.Location), ("reason", e.Reason),
                    ("sensitivityReason", e.SensitivityReason))),
            ScheduleIssued e => new(e.By, $"Issued version {e.Version} of the disclosure schedules", $"operation {e.OperationId}",
                D(("sha256", e.Sha256), ("mg6cItems", e.Mg6cItems.ToString(CultureInfo.InvariantCulture)),
                    ("mg6dItems", e.Mg6dItems.ToString(CultureInfo.InvariantCulture)), ("anchorHash", e.Anchor.Hash),
                    ("anchorCount", e.Anchor.Count.ToString(CultureInfo.InvariantCulture)))),
            DisclosureExported e => new(e.By, $"Exported the {Export(e.Export, e.Version)} as {e.Format}", $"operation {e.OperationId}",
                D(("entries", e.Entries.ToString(CultureInfo.InvariantCulture)))),
            AuditChainVerified e => new(e.By,
                e.Valid ? $"Verified the audit chain: {N(e.Entries)} entries intact" : $"Verified the audit chain: broken at entry {e.FirstBrokenSequence}",
                $"operation {e.OperationId}", D(("anchorHash", e.Anchor.Hash), ("anchorCount", e.Anchor.Count.ToString(CultureInfo.InvariantCulture)))),
            _ => null,
        };
    }

    private static string Export(DisclosureExport export, int? version) => export switch
    {
        DisclosureExport.AuditTrail => "audit trail",
        DisclosureExport.Mg6c => "MG6C schedule",
        DisclosureExport.Mg6d => "MG6D schedule",
        DisclosureExport.IssuedSchedule => $"issued schedules, version {version}",
        _ => "digital strategy record",
    };
}
