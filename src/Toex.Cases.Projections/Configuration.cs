using JasperFx.Events.Projections;
using Marten;
using Toex.Cases.Projections.Audit;
using Toex.Cases.Projections.Disclosure;
using Toex.Cases.Projections.Findings;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Projections.Operations;
using Toex.Cases.Projections.ToolRuns;

namespace Toex.Cases.Projections;

public static class Configuration
{
    /// <summary>Every projection and read-model index, in one place for the API and the tests.</summary>
    public static void AddToexProjections(this StoreOptions options)
    {
        options.Projections.Add<OperationWriteModel>(ProjectionLifecycle.Live);
        options.Projections.Add<OperationDetailsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<OperationTimelineProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<OperationDetails>()
            .Index(x => x.Force).Index(x => x.Region).Index(x => x.TaskedAt)
            .GinIndexJsonData();

        options.Projections.Add<MaterialDetailsProjection>(ProjectionLifecycle.Inline);
        // Exhibit references are unique within an operation; the index is the last line of defence
        // behind the decision's check, for two registrations racing with one reference.
        options.Schema.For<MaterialDetails>()
            .Index(x => x.OperationId)
            .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_material_exhibit_ref", x => x.OperationId, x => x.ExhibitRef);

        options.Projections.Add<ToolRunWriteModel>(ProjectionLifecycle.Inline);
        options.Projections.Add<ToolRunDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ToolRunDetails>().Index(x => x.OperationId);
        // Artefacts have no projection: they are read from their own streams (one per run and
        // material) by event id and (stream, version); see docs/adr/0007-tool-runs.md.
        options.Events.EnableUniqueIndexOnEventId = true;

        options.Projections.Add<FindingDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<FindingDetails>().Index(x => x.OperationId);

        options.Projections.Add<DisclosureRecordProjection>(ProjectionLifecycle.Inline);

        // The audit trail and its hash chain: asynchronous, every event that names an operation.
        var schema = options.DatabaseSchemaName;
        options.Storage.ExtendedSchemaObjects.Add(AuditTrailTable.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(AuditTrailTable.Position(schema));
        options.Projections.Add(new AuditTrailProjection(schema), ProjectionLifecycle.Async, AuditTrailProjection.ProjectionName,
            asyncOptions => asyncOptions.BatchSize = 2000);
    }
}
