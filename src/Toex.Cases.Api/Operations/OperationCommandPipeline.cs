using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.Operations;
using Wolverine;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Toex.Cases.Api.Operations;

/// <summary>A request with no body.</summary>
public sealed record NoBody;

/// <summary>
/// The steps every command on an existing operation takes, in an order that never leaks
/// existence and never writes on bad input: visible (else 404), permitted (else 403),
/// If-Match present (else 428) and current (else 412), body valid (else 400); then the
/// command goes through Wolverine, whose aggregate handler re-checks the version as it appends.
/// </summary>
public static class OperationCommandPipeline
{
    public static async Task<IResult> Execute<TBody>(
        HttpContext http, Guid operationId,
        Func<User, OperationDetails, Role?> permission, string forbidden,
        Func<TBody, Validation, Actor, int, object> command) where TBody : class
    {
        var services = http.RequestServices;
        var session = services.GetRequiredService<IQuerySession>();
        var user = http.User.ToUser();
        var current = await session.FindVisibleAsync(user, operationId, http.RequestAborted);
        if (current is null) return Problems.NotFound("operation");
        if (permission(user, current) is not { } role) return Problems.Forbidden(forbidden);

        var (version, precondition) = Versions.Expected(http.Request, current.Version);
        if (precondition is not null) return precondition;

        TBody body;
        if (typeof(TBody) == typeof(NoBody)) body = (TBody)(object)new NoBody();
        else
        {
            var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var (value, problem) = await JsonBody.ReadAsync<TBody>(http.Request, options);
            if (problem is not null) return problem;
            body = value!;
        }

        var validation = new Validation();
        var message = command(body, validation, user.As(role), version);
        if (!validation.IsValid) return validation.Problem();

        await services.GetRequiredService<IMessageBus>().InvokeAsync(message, http.RequestAborted);
        return await Current(http, operationId);
    }

    public static async Task<IResult> Current(HttpContext http, Guid operationId)
    {
        var session = http.RequestServices.GetRequiredService<IQuerySession>();
        var details = await session.LoadAsync<OperationDetails>(operationId, http.RequestAborted);
        http.Response.SetETag(details!.Version);
        return TypedResults.Ok(details);
    }
}
