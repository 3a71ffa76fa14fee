using Microsoft.AspNetCore.Mvc;

namespace Toex.Cases.Api.Http;

/// <summary>RFC 9457 problem responses that the endpoints return directly.</summary>
public static class Problems
{
    public static IResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "Not found", $"No {what} with that id is visible to you.");

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult PreconditionRequired() => Problem(StatusCodes.Status428PreconditionRequired,
        "If-Match required", "Send If-Match with the ETag of the version you last read.");

    public static IResult PreconditionFailed(int current) => Problem(StatusCodes.Status412PreconditionFailed,
        "Version changed", $"The resource has changed since you read it; it is now at version {current}. Read it again.",
        new Dictionary<string, object?> { ["currentVersion"] = current });

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static IResult Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });
}
