using Marten.Events.Aggregation;
using Toex.Cases.Domain.Disclosure;

namespace Toex.Cases.Projections.Disclosure;

/// <summary>
/// The Domain's <see cref="DisclosureRecord"/>, kept inline: it is both the write model of the
/// disclosure stream (item numbering) and what the schedules are read from. The stream may open
/// with any of its events (an export before the first decision), so each can create it.
/// </summary>
public sealed partial class DisclosureRecordProjection : SingleStreamProjection<DisclosureRecord, Guid>
{
    public static DisclosureRecord Create(MaterialRelevanceDecided e) => DisclosureRecord.Empty(e.OperationId).Apply(e);
    public static DisclosureRecord Create(ScheduleIssued e) => DisclosureRecord.Empty(e.OperationId).Apply(e);
    public static DisclosureRecord Create(DisclosureExported e) => DisclosureRecord.Empty(e.OperationId);
    public static DisclosureRecord Create(AuditChainVerified e) => DisclosureRecord.Empty(e.OperationId);
    public static DisclosureRecord Create(Domain.Search.KeywordTriageRun e) => DisclosureRecord.Empty(e.OperationId);

    public static DisclosureRecord Apply(MaterialRelevanceDecided e, DisclosureRecord current) => current.Apply(e);
    public static DisclosureRecord Apply(ScheduleIssued e, DisclosureRecord current) => current.Apply(e);
    public static DisclosureRecord Apply(DisclosureExported e, DisclosureRecord current) => current;
    public static DisclosureRecord Apply(AuditChainVerified e, DisclosureRecord current) => current;
    public static DisclosureRecord Apply(Domain.Search.KeywordTriageRun e, DisclosureRecord current) => current;
}
