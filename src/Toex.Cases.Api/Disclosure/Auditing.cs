using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Disclosure;
using Toex.Cases.Projections.Audit;
using Wolverine;

namespace Toex.Cases.Api.Disclosure;

public sealed record AuditActor(string? Id, string? Name, string? Force, string? Role);

/// <summary>One entry of the trail as a person reads it; <c>hash</c> is its link in the chain.</summary>
public sealed record AuditEntry(
    long Sequence, DateTimeOffset At, AuditActor Actor, string Action, string Subject, IReadOnlyDictionary<string, string> Details,
    string? CorrelationId, string EventType, Guid EventId, string Hash);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

/// <summary>
/// The audit trail of an operation (oldest first, paged by sequence; the whole of it as CSV) and
/// the check of its hash chain against the events table.
/// </summary>
public static partial class Auditing
{
    public const int MaxLimit = 1000;
    private const string Csv = "text/csv";
    private const string JsonType = "application/json";

    public static void Map(RouteGroupBuilder operations)
    {
        operations.MapGet("{id:guid}/audit", Get).WithName("GetAuditTrail").WithTags("Disclosure")
            .WithSummary("Who did what, when, to which material: oldest first, paged with 'after'; Accept: text/csv for the whole trail")
            .Produces<AuditPage>().Produces(StatusCodes.Status200OK, contentType: Csv)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status406NotAcceptable);
        operations.MapGet("{id:guid}/audit/verification", Verify).WithName("VerifyAuditTrail").WithTags("Disclosure")
            .WithSummary("Recompute the hash chain from the events table; anchorCount and anchorHash check an anchor printed earlier")
            .Produces<AuditVerification>().ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session, IMessageBus bus, string? after, string? limit)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        var format = DisclosureAccess.Negotiate(http.Request, JsonType, Csv);
        if (format == "") return DisclosureAccess.NotAcceptable(JsonType, Csv);

        var v = new Validation();
        long from = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))) v.Add("after", "A sequence number: zero or more.");
        var size = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            v.Add("limit", $"Between 1 and {MaxLimit}.");
        if (format == Csv && (after is not null || limit is not null)) v.Add("after", "The CSV export is the whole trail: leave out 'after' and 'limit'.");
        if (!v.IsValid) return v.Problem();

        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(http.RequestAborted);
        if (format == Csv) return await ExportCsvAsync(http, caller, connection, bus);

        var entries = new List<AuditEntry>(size + 1);
        await using (var command = EntriesCommand(connection, id, from, size + 1))
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
            while (await reader.ReadAsync(http.RequestAborted)) entries.Add(ReadEntry(reader));
        string? next = null;
        if (entries.Count > size)
        {
            entries.RemoveAt(size);
            next = $"/api/operations/{id}/audit?after={entries[^1].Sequence}&limit={size}";
        }
        return TypedResults.Ok(new AuditPage(entries, next));
    }

    private static async Task<IResult> ExportCsvAsync(HttpContext http, DisclosureCaller caller, NpgsqlConnection connection, IMessageBus bus)
    {
        // One snapshot for the count that is recorded and the rows that are sent, while the trail grows.
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, http.RequestAborted);
        long count;
        await using (var counting = new NpgsqlCommand(
            $"select count(*) from {Persistence.Schema}.{AuditTrailTable.Name} where operation_id = $1 and shown", connection))
        {
            counting.Parameters.Add(new NpgsqlParameter { Value = caller.Operation.Id });
            count = (long)(await counting.ExecuteScalarAsync(http.RequestAborted))!;
        }
        // Recorded before the bytes leave: an export cut off half way was still an export.
        await bus.RecordExportAsync(caller, DisclosureExport.AuditTrail, Csv, count, http.RequestAborted);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{caller.Operation.Id}.csv\"";
        await CsvOutput.StreamAsync(http.Response.Body,
            ["sequence", "at", "actor_id", "actor_name", "actor_force", "actor_role", "action", "subject", "details", "correlation_id",
                "event_type", "event_id", "hash"],
            CsvRowsAsync(connection, caller.Operation.Id, http.RequestAborted), http.RequestAborted);
        return Results.Empty;
    }

    private static async IAsyncEnumerable<IReadOnlyList<string?>> CsvRowsAsync(NpgsqlConnection connection, Guid operationId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = EntriesCommand(connection, operationId, 0, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new string?[13];
        while (await reader.ReadAsync(cancellationToken))
        {
            row[0] = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            row[1] = reader.GetFieldValue<DateTime>(1).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            for (var i = 2; i <= 9; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            row[10] = reader.GetString(10);
            row[11] = reader.GetGuid(11).ToString();
            row[12] = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(12));
            yield return row;
        }
    }

    private static NpgsqlCommand EntriesCommand(NpgsqlConnection connection, Guid operationId, long after, int? limit)
    {
        var command = new NpgsqlCommand(
            $"select sequence, at, actor_id, actor_name, actor_force, actor_role, action, subject, details::text, correlation_id, event_type, event_id, hash " +
            $"from {Persistence.Schema}.{AuditTrailTable.Name} where operation_id = $1 and shown and sequence > $2 order by sequence" +
            (limit is null ? "" : " limit $3"), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = operationId });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        if (limit is { } l) command.Parameters.Add(new NpgsqlParameter { Value = l });
        return command;
    }

    private static AuditEntry ReadEntry(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new AuditEntry(
            reader.GetInt64(0), new DateTimeOffset(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(1), DateTimeKind.Utc)),
            new AuditActor(Text(2), Text(3), Text(4), Text(5)), Text(6) ?? "", Text(7) ?? "",
            Text(8) is { } details ? JsonSerializer.Deserialize<Dictionary<string, string>>(details)! : new Dictionary<string, string>(),
            Text(9), reader.GetString(10), reader.GetGuid(11), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(12)));
    }

    private static async Task<IResult> Verify(HttpContext http, Guid id, IQuerySession session, AuditVerifier verifier, IMessageBus bus,
        string? anchorCount, string? anchorHash)
    {
        var (caller, refusal) = await DisclosureAccess.ReaderAsync(http, session, id);
        if (caller is null) return refusal!;
        var v = new Validation();
        if (anchorCount is null != anchorHash is null) v.Add(anchorCount is null ? "anchorCount" : "anchorHash", "Give both anchorCount and anchorHash, or neither.");
        long count = 0;
        if (anchorCount is not null && !long.TryParse(anchorCount, NumberStyles.None, CultureInfo.InvariantCulture, out count))
            v.Add("anchorCount", "A number of entries: zero or more.");
        if (anchorHash is not null && !Sha256Hex().IsMatch(anchorHash)) v.Add("anchorHash", "64 hexadecimal characters (a SHA-256).");
        if (!v.IsValid) return v.Problem();

        var result = await verifier.VerifyAsync(id, anchorCount is not null ? (count, anchorHash!) : null, http.RequestAborted);
        await bus.InvokeAsync(new RecordChainVerification(id, result.Valid, result.Entries, result.FirstBrokenSequence, result.Anchor, caller.Actor),
            http.RequestAborted);
        return TypedResults.Ok(result);
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
