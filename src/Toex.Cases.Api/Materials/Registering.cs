using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Operations;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Materials;
using Toex.Cases.Domain.Operations;
using Toex.Cases.Projections.Materials;
using Wolverine;

namespace Toex.Cases.Api.Materials;

public sealed record MaterialCreated(Guid Id, string ExhibitRef, string Sha256, long Size, string MediaType);

/// <summary>The registration as the API sends it: the domain command and the staged upload it refers to.</summary>
public sealed record RegisterUploadedMaterial(RegisterMaterial Command, StagedContent Content) : IActorCommand
{
    public Actor By => Command.By;
}

/// <summary>
/// <c>POST /api/operations/{id}/materials</c>, multipart/form-data. The file part is streamed to a
/// staging file and hashed as it is written, so no upload is ever held in memory; nothing enters
/// the store or the event log unless every field is valid and the rules allow it.
/// </summary>
public static class Registering
{
    private const int MaxFieldBytes = 8 * 1024;
    private static readonly FileExtensionContentTypeProvider MediaTypes = new();
    private static readonly HashSet<string> Fields = ["exhibitRef", "description", "seizedFrom", "attributedTo"];

    public static void Map(RouteGroupBuilder operations) => operations.MapPost("{id:guid}/materials", Post)
        .WithName("RegisterMaterial").WithTags("Materials")
        .WithSummary("Register an exhibit (multipart: file, exhibitRef, description, seizedFrom?, attributedTo?)")
        .Accepts<IFormFile>("multipart/form-data")
        .Produces<MaterialCreated>(StatusCodes.Status201Created)
        .DisableAntiforgery();

    private static async Task<IResult> Post(HttpContext http, Guid id, IQuerySession session, ContentStore store,
        StorageSettings settings, IMessageBus bus)
    {
        var user = http.User.ToUser();
        var operation = await session.FindVisibleAsync(user, id, http.RequestAborted);
        if (operation is null) return Problems.NotFound("operation");
        if (Permissions.ToRegisterMaterial(user, operation.Force) is not { } role)
            return Problems.Forbidden("Only an investigator of the owning force or a TOEX analyst can register material.");

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the exhibit as multipart/form-data with a 'file' part.");

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.MaxUploadBytes + 1024 * 1024;

        var v = new Validation();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        StagedContent? staged = null;
        string? fileName = null, mediaType = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    v.Add("$", "Every part needs a Content-Disposition: form-data header.");
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name == "file" && disposition.IsFileDisposition())
                {
                    if (staged is not null) { v.Add("file", "Send one file per exhibit."); continue; }
                    staged = await store.StageAsync(section.Body, settings.MaxUploadBytes, http.RequestAborted);
                    fileName = System.IO.Path.GetFileName(HeaderUtilities.RemoveQuotes(
                        disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                    mediaType = section.ContentType is { Length: > 0 } ct && ct != "application/octet-stream" ? ct
                        : MediaTypes.TryGetContentType(fileName, out var guessed) ? guessed : "application/octet-stream";
                }
                else if (Fields.Contains(name))
                {
                    var value = await ReadField(section.Body, http.RequestAborted);
                    if (value is null) v.Add(name, $"At most {MaxFieldBytes} bytes.");
                    else fields[name] = value;
                }
                else v.Add(name.Length == 0 ? "$" : name, "Not a field of this form (file, exhibitRef, description, seizedFrom, attributedTo).");
            }
        }
        catch (ContentTooLargeException e)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Exhibit too large",
                $"An exhibit may be at most {e.Limit} bytes (Storage:MaxUploadBytes).");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            if (staged is not null) store.Discard(staged);
            return Problems.Invalid("$", "The multipart body could not be read.");
        }

        var exhibitRef = v.Text("exhibitRef", fields.GetValueOrDefault("exhibitRef"), 100);
        var description = v.Text("description", fields.GetValueOrDefault("description"), Limits.Summary);
        var seizedFrom = Optional(v, "seizedFrom", fields.GetValueOrDefault("seizedFrom"));
        var attributedTo = Optional(v, "attributedTo", fields.GetValueOrDefault("attributedTo"));
        if (staged is null) v.Add("file", "Required: the exhibit's content as a file part named 'file'.");
        else if (staged.Size == 0) v.Add("file", "The file is empty.");
        if (!v.IsValid)
        {
            if (staged is not null) store.Discard(staged);
            return v.Problem();
        }

        var command = new RegisterMaterial(Guid.CreateVersion7(), id, exhibitRef, description, seizedFrom, attributedTo,
            fileName is { Length: > 0 } ? fileName : "exhibit", mediaType!, staged!.Size, staged.Sha256, user.As(role));
        try
        {
            await bus.InvokeAsync(new RegisterUploadedMaterial(command, staged), http.RequestAborted);
        }
        finally
        {
            if (File.Exists(staged.StagingPath)) store.Discard(staged);
        }
        return TypedResults.Created($"/api/materials/{command.MaterialId}",
            new MaterialCreated(command.MaterialId, command.ExhibitRef, command.Sha256, command.Size, command.MediaType));
    }

    private static string? Optional(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length > 200) v.Add(field, "At most 200 characters.");
        return value.Trim();
    }

    private static async Task<string?> ReadField(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFieldBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

public static class RegisterUploadedMaterialHandler
{
    public static async Task Handle(RegisterUploadedMaterial message, IDocumentSession session, ContentStore store,
        TimeProvider clock, ILogger<RegisterUploadedMaterial> logger, CancellationToken cancellation)
    {
        var command = message.Command;
        var operation = await session.Events.FetchLatest<Operation>(command.OperationId, cancellation)
            ?? throw new InvalidOperationException($"Operation {command.OperationId} has no stream.");
        var taken = await session.Query<MaterialDetails>()
            .AnyAsync(m => m.OperationId == command.OperationId && m.ExhibitRef == command.ExhibitRef, cancellation);
        var registered = MaterialDecisions.Decide(operation, command, taken, clock.GetUtcNow());

        // Content first: an event must never name content the store does not hold. If the append
        // below fails, the stored file is unreferenced, and a later upload of the same bytes reuses it.
        if (await store.CommitAsync(message.Content, cancellation))
            logger.LogWarning("Stored content {Sha256} did not match its hash and was restored from the upload of exhibit {ExhibitRef}",
                message.Content.Sha256, command.ExhibitRef);
        session.Events.StartStream(registered.MaterialId, registered);
    }
}
