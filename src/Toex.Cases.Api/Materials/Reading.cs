using Marten;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Projections.Materials;
using Wolverine;

namespace Toex.Cases.Api.Materials;

public sealed record MaterialList(IReadOnlyList<MaterialDetails> Items, int Total);

/// <summary>One step in an exhibit's continuity: its registration, a read of its content, or an integrity failure.</summary>
public sealed record ContinuityEntry(
    long Version, string Event, Actor By, DateTimeOffset At, AccessPurpose? Purpose, Guid? ToolRunId, string? Sha256, string? ActualSha256);

public sealed record Continuity(Guid MaterialId, string ExhibitRef, IReadOnlyList<ContinuityEntry> Entries, string? Next);

public static class Reading
{
    public static void Map(RouteGroupBuilder operations, RouteGroupBuilder materials)
    {
        operations.MapGet("{id:guid}/materials", List).WithName("ListMaterials").WithTags("Materials")
            .WithSummary("The operation's exhibits, in order of registration").Produces<MaterialList>();
        materials.MapGet("{id:guid}", Get).WithName("GetMaterial")
            .WithSummary("An exhibit's metadata and continuity (every access to its content)").Produces<MaterialDetails>();
        materials.MapGet("{id:guid}/continuity", GetContinuity).WithName("GetMaterialContinuity")
            .WithSummary("The exhibit's whole continuity from its own events, oldest first: registration, every read, integrity failures; paged with 'after'")
            .Produces<Continuity>();
        materials.MapGet("{id:guid}/content", GetContent).WithName("GetMaterialContent")
            .WithSummary("The exhibit's bytes, after checking them against the hash taken at registration; the access is recorded")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> List(HttpContext http, Guid id, IQuerySession session)
    {
        if (await session.FindVisibleAsync(http.User.ToUser(), id, http.RequestAborted) is null) return Problems.NotFound("operation");
        var items = await session.Query<MaterialDetails>().Where(m => m.OperationId == id)
            .OrderBy(m => m.RegisteredAt).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new MaterialList(items, items.Count));
    }

    private static async Task<IResult> Get(HttpContext http, Guid id, IQuerySession session)
    {
        var material = await FindVisibleAsync(session, http.User.ToUser(), id, http.RequestAborted);
        return material is null ? Problems.NotFound("material") : TypedResults.Ok(material);
    }

    /// <summary>
    /// Re-hashes the stored file before serving it. A mismatch (or a missing file) is recorded as
    /// MaterialIntegrityFailed and refused with 409: altered evidence is never served. Every
    /// successful read is recorded as MaterialContentAccessed before the first byte is sent.
    /// </summary>
    private static async Task<IResult> GetContent(HttpContext http, Guid id, IQuerySession session, ContentStore store, IMessageBus bus)
    {
        var user = http.User.ToUser();
        var material = await FindVisibleAsync(session, user, id, http.RequestAborted);
        if (material is null) return Problems.NotFound("material");
        var actor = user.AsAnyRole();

        var check = await store.VerifyAsync(material.Sha256, http.RequestAborted);
        if (check is not ContentCheck.Intact)
        {
            var actual = (check as ContentCheck.Altered)?.ActualSha256;
            await bus.InvokeAsync(new RecordIntegrityFailure(material.Id, material.OperationId, material.Sha256, actual, actor), http.RequestAborted);
            return Problems.Problem(StatusCodes.Status409Conflict, "Exhibit integrity check failed",
                actual is null
                    ? "The exhibit's stored content is missing. The failure has been recorded; the content was not served."
                    : "The exhibit's stored content no longer matches the SHA-256 taken at registration. The failure has been recorded; the content was not served.",
                new Dictionary<string, object?> { ["expectedSha256"] = material.Sha256, ["actualSha256"] = actual });
        }

        await bus.InvokeAsync(new RecordContentAccess(material.Id, material.OperationId, AccessPurpose.Download, null, actor), http.RequestAborted);
        http.Response.Headers.ETag = $"\"sha256:{material.Sha256}\"";
        http.Response.Headers["Digest"] = $"sha-256={Convert.ToBase64String(Convert.FromHexString(material.Sha256))}";
        return TypedResults.Stream(store.OpenRead(material.Sha256), material.MediaType, material.FileName);
    }

    public const int MaxContinuityPage = 1000;

    private static async Task<IResult> GetContinuity(HttpContext http, Guid id, IQuerySession session, string? after, string? limit)
    {
        var material = await FindVisibleAsync(session, http.User.ToUser(), id, http.RequestAborted);
        if (material is null) return Problems.NotFound("material");
        var v = new Validation();
        long from = 0;
        if (after is not null && !long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from))
            v.Add("after", "A version: zero or more.");
        var size = 100;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
                                  || size is < 1 or > MaxContinuityPage))
            v.Add("limit", $"Between 1 and {MaxContinuityPage}.");
        if (!v.IsValid) return v.Problem();

        // One more than the page, to know whether there is a next one: versions are consecutive.
        var events = await session.Events.FetchStreamAsync(id, version: from + size + 1, fromVersion: from + 1, token: http.RequestAborted);
        var entries = events.Take(size).Select(e => e.Data switch
        {
            MaterialRegistered r => new ContinuityEntry(e.Version, "Registered", r.By, r.At, null, null, r.Sha256, null),
            MaterialContentAccessed a => new ContinuityEntry(e.Version, "ContentRead", a.By, a.At, a.Purpose, a.ToolRunId, null, null),
            MaterialIntegrityFailed f => new ContinuityEntry(e.Version, "IntegrityFailed", f.By, f.At, null, null, f.ExpectedSha256, f.ActualSha256),
            _ => null,
        }).OfType<ContinuityEntry>().ToList();
        var next = events.Count > size ? $"/api/materials/{id}/continuity?after={from + size}&limit={size}" : null;
        return TypedResults.Ok(new Continuity(id, material.ExhibitRef, entries, next));
    }

    public static async Task<MaterialDetails?> FindVisibleAsync(IQuerySession session, User user, Guid materialId, CancellationToken cancellationToken) =>
        (await FindVisibleWithOperationAsync(session, user, materialId, cancellationToken)).Material;

    /// <summary>The exhibit and its operation, both null unless the user may see the operation.</summary>
    public static async Task<(MaterialDetails? Material, Projections.Operations.OperationDetails? Operation)> FindVisibleWithOperationAsync(
        IQuerySession session, User user, Guid materialId, CancellationToken cancellationToken)
    {
        var material = await session.LoadAsync<MaterialDetails>(materialId, cancellationToken);
        var operation = material is null ? null : await session.FindVisibleAsync(user, material.OperationId, cancellationToken);
        return operation is null ? (null, null) : (material, operation);
    }
}

public static class RecordContentAccessHandler
{
    public static void Handle(RecordContentAccess command, IDocumentSession session, TimeProvider clock) =>
        session.Events.Append(command.MaterialId, new MaterialContentAccessed(
            command.MaterialId, command.OperationId, command.Purpose, command.ToolRunId, command.By, clock.GetUtcNow()));
}

public static class RecordIntegrityFailureHandler
{
    public static void Handle(RecordIntegrityFailure command, IDocumentSession session, TimeProvider clock) =>
        session.Events.Append(command.MaterialId, new MaterialIntegrityFailed(
            command.MaterialId, command.OperationId, command.ExpectedSha256, command.ActualSha256, command.By, clock.GetUtcNow()));
}
