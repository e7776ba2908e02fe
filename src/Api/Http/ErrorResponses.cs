using System.Text.Json.Serialization;
using FluentValidation.Results;
using Hsi.Domain.Common;

namespace Hsi.Api.Http;

/// <summary><c>{"detail": "message"}</c>: the body of every 4xx/5xx except validation failures.</summary>
public sealed record ErrorDetail(string Detail);

/// <summary>One item of a 422 body: where, what and which kind of failure.</summary>
public sealed record ValidationIssue(IReadOnlyList<string> Loc, string Msg, string Type);

/// <summary><c>{"detail": [{"loc", "msg", "type"}]}</c>: the 422 body.</summary>
public sealed record ValidationErrorResponse(IReadOnlyList<ValidationIssue> Detail);

/// <summary>A 409 that tells the client which version it lost against.</summary>
public sealed record VersionConflict(string Detail, [property: JsonPropertyName("current_version")] long CurrentVersion);

public static class ErrorResponses
{
    /// <summary>FastEndpoints' validation failures in the SPEC's 422 shape.</summary>
    public static ValidationErrorResponse FromFailures(IEnumerable<ValidationFailure> failures, HttpContext ctx) =>
        new(failures.Select(f => new ValidationIssue(
                LocationOf(f.PropertyName, ctx), f.ErrorMessage, TypeOf(f)))
            .ToList());

    public static ValidationErrorResponse Single(string source, string field, string msg, string type = "value_error") =>
        new([new ValidationIssue([source, field], msg, type)]);

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Inconsistent => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Sends a domain refusal with the status and shape the SPEC gives its kind.</summary>
    public static Task SendDomainError(this HttpContext ctx, DomainError error, string source = "body")
    {
        var status = StatusOf(error.Kind);
        object body = error.Kind == ErrorKind.Invalid
            ? Single(source, error.Field ?? "__root__", error.Message)
            : new ErrorDetail(error.Message);
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(body, body.GetType(), JsonDefaults.Options);
    }

    public static Task SendDetail(this HttpContext ctx, int status, string detail)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ErrorDetail(detail), JsonDefaults.Options);
    }

    /// <summary>A body that does not parse, or a value of the wrong type, as a validation failure.</summary>
    public static ValidationFailure FromJsonException(System.Text.Json.JsonException ex)
    {
        var path = ex.Path ?? "$";
        if (ex is RequestInput.InvalidTextException)
            return new ValidationFailure(path, $"{ToSnake(path.TrimStart('$', '.'))} {ex.Message}") { ErrorCode = "value_error" };
        var malformed = path == "$" || ex.InnerException is not null && ex.Path is null;
        return new ValidationFailure(path, malformed
            ? "Request body is not valid JSON"
            : $"Invalid value for '{ToSnake(path.TrimStart('$', '.'))}'")
        {
            ErrorCode = malformed ? "json_invalid" : "type_error",
        };
    }

    private static List<string> LocationOf(string propertyName, HttpContext ctx)
    {
        var field = ToSnake(propertyName.TrimStart('$', '.'));
        if (field.Length == 0) return ["body"];
        if (ctx.Request.RouteValues.ContainsKey(field)) return ["path", field];
        if (ctx.Request.Query.ContainsKey(field)) return ["query", field];
        return HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsDelete(ctx.Request.Method)
            ? ["query", field]
            : ["body", field];
    }

    private static string TypeOf(ValidationFailure f) => f.ErrorCode switch
    {
        "NotEmptyValidator" or "NotNullValidator" => "missing",
        "MaximumLengthValidator" or "MinimumLengthValidator" or "LengthValidator" => "string_length",
        "InclusiveBetweenValidator" or "GreaterThanOrEqualValidator" or "LessThanOrEqualValidator" => "value_out_of_range",
        "json_invalid" or "type_error" => f.ErrorCode,
        _ => "value_error",
    };

    private static string ToSnake(string name) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
