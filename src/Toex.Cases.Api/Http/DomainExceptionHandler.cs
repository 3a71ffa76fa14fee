using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Api.Http;

/// <summary>
/// Turns the exceptions that carry a meaning for the client into problem responses:
/// a refused rule is 409, a lost race for a stream version is 412. Anything else is a 500
/// whose detail is logged, not shown.
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var root = exception is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : exception;
        ProblemDetails? problem = root switch
        {
            RuleRefused refused => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Refused by the rules", Detail = refused.Message,
                Extensions = { ["rule"] = refused.Rule },
            },
            IdempotencyKeyReused => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "Idempotency-Key reused",
                Detail = "This Idempotency-Key was already used for a different request.",
            },
            JasperFx.ConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed, Title = "Version changed",
                Detail = "Someone else changed the resource first. Read it again and retry.",
            },
            _ => null,
        };
        if (problem is null) return false;
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = root });
    }
}

/// <summary>The same Idempotency-Key was sent with a different request body.</summary>
public sealed class IdempotencyKeyReused() : Exception("Idempotency-Key reused for a different request");
