using System.Globalization;
using JasperFx;
using Marten;
using Npgsql;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Api.Materials;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Projections.Audit;
using Toex.Cases.Projections.Materials;
using Wolverine;

namespace Toex.Cases.Api.Disclosure;

public sealed record Mg6cSchedule(Guid OperationId, IReadOnlyList<Mg6cItem> Items);

public sealed record Mg6dSchedule(Guid OperationId, IReadOnlyList<Mg6dItem> Items);

public sealed record IssuedSchedule(int Version, string Sha256, long Size, string MediaType, int Mg6cItems, int Mg6dItems,
    AuditChainAnchor Anchor, Actor IssuedBy, DateTimeOffset IssuedAt, string Location);

public sealed record IssuedScheduleList(IReadOnlyList<IssuedSchedule> Versions);

/// <summary>
/// The CPIA schedules: MG6C (relevant, non-sensitive) and MG6D (sensitive) as JSON, CSV or a PDF
/// laid out like the forms; issued versions frozen as PDF bytes kept under their SHA-256.
/// </summary>
public static class Schedules
{
    private const string JsonType = "application/json";
    private const string Csv = "text/csv";
    private const string Pdf = "application/pdf";
    private const int Attempts = 3;

    public static void Map(RouteGroupBuilder operations)
    {
        operations.MapGet("{id:guid}/disclosure/mg6c", GetMg6c).WithName("GetMg6c").WithTags("Disclosure")
            .WithSummary("Schedule of relevant non-sensitive unused material; Accept: text/csv or application/pdf")
            .Produces<Mg6cSchedule>().Produces(StatusCodes.Status200OK, contentType: Pdf)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status406NotAcceptable);
        operations.MapGet("{id:guid}/disclosure/mg6d", GetMg6d).WithName("GetMg6d").WithTags("Disclosure")
            .WithSummary("Schedule of sensitive material (disclosure officer and Admin only); Accept: text/csv or application/pdf")
            .Produces<Mg6dSchedule>().Produces(StatusCodes.Status200OK, contentType: Pdf)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status406NotAcceptable);
        operations.MapPost("{id:guid}/disclosure/schedules", Issue).WithName("IssueSchedules").WithTags("Disclosure")
            .WithSummary("Issue the next version: MG6C and MG6D frozen into one PDF, kept with its SHA-256 and the audit anchor")
            .Produces<IssuedSchedule>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden);
        operations.MapGet("{id:guid}/disclosure/schedules", ListIssued).WithName("ListIssuedSchedules").WithTags("Disclosure")
            .WithSummary("Every issued version").Produces<IssuedScheduleList>().ProducesProblem(StatusCodes.Status403Forbidden);
        operations.MapGet("{id:guid}/disclosure/schedules/{version:int}", GetIssued).WithName("GetIssuedSchedule").WithTags("Disclosure")
            .WithSummary("Exactly the bytes issued as that version (checked against their SHA-256 first)")
            .Produces(StatusCodes.Status200OK, contentType: Pdf).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static Task<IResult> GetMg6c(HttpContext http, Guid id, IQuerySession session, IMessageBus bus) =>
        GetScheduleAsync(http, id, session, bus, ScheduleForms.Mg6c);

    private static Task<IResult> GetMg6d(HttpContext http, Guid id, IQuerySession session, IMessageBus bus) =>
        GetScheduleAsync(http, id, session, bus, ScheduleForms.Mg6d);

    private static async Task<IResult> GetScheduleAsync(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, ScheduleForms form)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        var format = DisclosureAccess.Negotiate(http.Request, JsonType, Csv, Pdf);
        if (format == "") return DisclosureAccess.NotAcceptable(JsonType, Csv, Pdf);

        var (record, _) = await LoadAsync(session, id, http.RequestAborted);
        var (mg6c, mg6d) = await ItemsAsync(session, record, http.RequestAborted);
        var export = form == ScheduleForms.Mg6c ? DisclosureExport.Mg6c : DisclosureExport.Mg6d;
        await bus.RecordExportAsync(caller, export, format, form == ScheduleForms.Mg6c ? mg6c.Count : mg6d.Count, http.RequestAborted);
        var name = form == ScheduleForms.Mg6c ? "mg6c" : "mg6d";
        return format switch
        {
            Csv => TypedResults.File(form == ScheduleForms.Mg6c ? CsvOf(mg6c) : CsvOf(mg6d), "text/csv; charset=utf-8", $"{name}-{id}.csv"),
            Pdf => TypedResults.File(SchedulePdf.Render(new ScheduleDocument(form, id, caller.Operation.Name, caller.Operation.Force, mg6c, mg6d,
                    caller.Actor.Name, DateTimeOffset.UtcNow, null, ToDocument(await AnchorAsync(session, id, http.RequestAborted)))),
                Pdf, $"{name}-{id}.pdf"),
            _ => form == ScheduleForms.Mg6c
                ? TypedResults.Ok(new Mg6cSchedule(id, mg6c))
                : TypedResults.Ok(new Mg6dSchedule(id, mg6d)),
        };
    }

    private static async Task<IResult> Issue(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, ContentStore store, TimeProvider clock)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        if (Permissions.ToDecideRelevance(http.User.ToUser(), caller.Operation.Force) is not { } role)
            return Problems.Forbidden("Schedules are issued by the disclosure officer of the owning force.");
        var actor = caller.Actor with { Role = role };

        for (var attempt = 1; ; attempt++)
        {
            var (record, version) = await LoadAsync(session, id, http.RequestAborted);
            var (mg6c, mg6d) = await ItemsAsync(session, record, http.RequestAborted);
            var anchor = await AnchorAsync(session, id, http.RequestAborted);
            var now = clock.GetUtcNow();
            var bytes = SchedulePdf.Render(new ScheduleDocument(ScheduleForms.Both, id, caller.Operation.Name, caller.Operation.Force, mg6c, mg6d,
                actor.Name, now, record.IssuedVersions + 1, ToDocument(anchor)));
            var staged = await store.StageAsync(new MemoryStream(bytes), long.MaxValue, http.RequestAborted);
            await store.CommitAsync(staged, http.RequestAborted);
            try
            {
                var issued = await bus.InvokeAsync<ScheduleIssued>(
                    new IssueSchedule(id, version, staged.Sha256, staged.Size, Pdf, anchor, actor), http.RequestAborted);
                var view = View(issued);
                return TypedResults.Created(view.Location, view);
            }
            // A decision landed while the document was drawn: draw it again from the new state.
            catch (ConcurrencyException) when (attempt < Attempts)
            {
            }
        }
    }

    private static async Task<IResult> ListIssued(HttpContext http, Guid id, IQuerySession session)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        return TypedResults.Ok(new IssuedScheduleList(await IssuedAsync(session, id, http.RequestAborted)));
    }

    private static async Task<IResult> GetIssued(HttpContext http, Guid id, int version, IQuerySession session, IMessageBus bus, ContentStore store)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        var issued = (await IssuedAsync(session, id, http.RequestAborted)).FirstOrDefault(i => i.Version == version);
        if (issued is null) return Problems.NotFound("schedule version");
        if (await store.VerifyAsync(issued.Sha256, http.RequestAborted) is not ContentCheck.Intact)
            return Problems.Problem(StatusCodes.Status409Conflict, "Issued schedule integrity check failed",
                "The stored bytes of this version no longer match the SHA-256 recorded when it was issued; they were not served.");
        await bus.RecordExportAsync(caller, DisclosureExport.IssuedSchedule, issued.MediaType, issued.Mg6cItems + issued.Mg6dItems,
            http.RequestAborted, version);
        http.Response.Headers.ETag = $"\"sha256:{issued.Sha256}\"";
        return TypedResults.Stream(store.OpenRead(issued.Sha256), issued.MediaType, $"schedules-{id}-v{version}.pdf");
    }

    private static async Task<(DisclosureRecord Record, long Version)> LoadAsync(IQuerySession session, Guid operationId, CancellationToken cancellation)
    {
        var streamId = DisclosureStreams.For(operationId);
        var batch = session.CreateBatchQuery();
        var record = batch.Load<DisclosureRecord>(streamId);
        var state = batch.Events.FetchStreamState(streamId);
        await batch.Execute(cancellation);
        return (await record ?? DisclosureRecord.Empty(operationId), (await state)?.Version ?? 0);
    }

    private static async Task<(List<Mg6cItem> Mg6c, List<Mg6dItem> Mg6d)> ItemsAsync(IQuerySession session, DisclosureRecord record,
        CancellationToken cancellation)
    {
        var ids = record.Entries.Keys.ToArray();
        var exhibits = ids.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<MaterialDetails>(cancellation, ids)).ToDictionary(m => m.Id, m => m.ExhibitRef);
        var mg6c = record.Mg6c.Select(e => new Mg6cItem(e.Mg6cItem!.Value, e.Description, e.Location, e.MaterialId,
            exhibits.GetValueOrDefault(e.MaterialId, ""))).ToList();
        var mg6d = record.Mg6d.Select(e => new Mg6dItem(e.Mg6dItem!.Value, e.Description, e.SensitivityReason ?? "", e.MaterialId,
            exhibits.GetValueOrDefault(e.MaterialId, ""))).ToList();
        return (mg6c, mg6d);
    }

    /// <summary>Where the operation's chain stands now: the hash of its last entry (the genesis hash when it has none).</summary>
    public static async Task<AuditChainAnchor> AnchorAsync(IQuerySession session, Guid operationId, CancellationToken cancellation)
    {
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select sequence, hash, at from {Persistence.Schema}.{AuditTrailTable.Name} where operation_id = $1 order by sequence desc limit 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new AuditChainAnchor(Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)), reader.GetInt64(0),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(2), DateTimeKind.Utc)))
            : new AuditChainAnchor(AuditChain.Hex(AuditChain.Genesis(operationId)), 0, null);
    }

    private static async Task<List<IssuedSchedule>> IssuedAsync(IQuerySession session, Guid operationId, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(DisclosureStreams.For(operationId), token: cancellation);
        return events.Select(e => e.Data).OfType<ScheduleIssued>().Select(View).ToList();
    }

    private static AuditAnchor ToDocument(AuditChainAnchor anchor) => new(anchor.Hash, anchor.Count, anchor.At);

    private static IssuedSchedule View(ScheduleIssued e) => new(e.Version, e.Sha256, e.Size, e.MediaType, e.Mg6cItems, e.Mg6dItems, e.Anchor,
        e.By, e.At, $"/api/operations/{e.OperationId}/disclosure/schedules/{e.Version}");

    private static byte[] CsvOf(IReadOnlyList<Mg6cItem> items) => CsvOutput.Of(
        ["item_number", "description", "location", "exhibit_ref", "material_id"],
        items.Select(i => new[] { i.ItemNumber.ToString(CultureInfo.InvariantCulture), i.Description, i.Location, i.ExhibitRef, i.MaterialId.ToString() }));

    private static byte[] CsvOf(IReadOnlyList<Mg6dItem> items) => CsvOutput.Of(
        ["item_number", "description", "sensitivity_reason", "exhibit_ref", "material_id"],
        items.Select(i => new[] { i.ItemNumber.ToString(CultureInfo.InvariantCulture), i.Description, i.SensitivityReason, i.ExhibitRef, i.MaterialId.ToString() }));
}

public sealed record IssueSchedule(Guid OperationId, long ExpectedVersion, string Sha256, long Size, string MediaType, AuditChainAnchor Anchor, Actor By)
    : IActorCommand;

public static class IssueScheduleHandler
{
    public static async Task<ScheduleIssued> Handle(IssueSchedule command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<DisclosureRecord>(DisclosureStreams.For(command.OperationId), command.ExpectedVersion,
            cancellationToken);
        var issued = DisclosureDecisions.Issue(stream.Aggregate ?? DisclosureRecord.Empty(command.OperationId), command.Sha256, command.Size,
            command.MediaType, command.Anchor, command.By, clock.GetUtcNow());
        stream.AppendOne(issued);
        return issued;
    }
}
