using System.Text.Json.Serialization;
using FluentValidation.Results;

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
                LocationOf(f, ctx), f.ErrorMessage, TypeOf(f)))
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

    /// <summary>
    /// Answers a write that did not happen, the one way for every endpoint: its refusal, or 409 with
    /// the version a client's stale <c>version</c> lost against. False (nothing sent) when it was written.
    /// </summary>
    public static async Task<bool> SentRefusalAsync(this HttpContext ctx, Infrastructure.WriteOutcome outcome,
        string conflict = "It was modified by another request. Please refresh and retry.")
    {
        if (await ctx.SentRefusalAsync(outcome.Error)) return true;
        if (outcome.StaleAgainst is not { } current) return false;
        ctx.Response.StatusCode = StatusCodes.Status409Conflict;
        await ctx.Response.WriteAsJsonAsync(new VersionConflict(conflict, current), JsonDefaults.Options);
        return true;
    }

    /// <summary>Sends <paramref name="error"/> when there is one; false (nothing sent) when there is none.</summary>
    public static async Task<bool> SentRefusalAsync(this HttpContext ctx, DomainError? error, string source = "body")
    {
        if (error is null) return false;
        await ctx.SendDomainError(error, source);
        return true;
    }

    public static Task SendDetail(this HttpContext ctx, int status, string detail)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ErrorDetail(detail), JsonDefaults.Options);
    }

    /// <summary>The loaded document, or null after answering 404 with <paramref name="notFound"/>.</summary>
    public static async Task<T?> OrNotFoundAsync<T>(this Task<T?> load, HttpContext ctx, string notFound) where T : class
    {
        if (await load is { } found) return found;
        await ctx.SendDetail(404, notFound);
        return null;
    }

    /// <summary>A body that does not parse, or a value of the wrong type, as a validation failure.</summary>
    public static ValidationFailure FromJsonException(System.Text.Json.JsonException ex)
    {
        var path = ex.Path ?? "$";
        if (UnknownName(ex) is { } unknown)
            return new ValidationFailure(unknown, $"'{unknown}' is not a field of this request") { ErrorCode = ExtraForbidden };
        var malformed = path == "$" || ex.InnerException is not null && ex.Path is null;
        return new ValidationFailure(path, malformed
            ? "Request body is not valid JSON"
            : $"Invalid value for '{path.TrimStart('$', '.')}'")
        {
            ErrorCode = malformed ? "json_invalid" : "type_error",
        };
    }

    private static List<string> LocationOf(ValidationFailure failure, HttpContext ctx)
    {
        // A body's own failures name the field exactly as sent: "retentionDays" must not read as the known "retention_days".
        if (failure.ErrorCode == ExtraForbidden) return ["body", failure.PropertyName];
        if (failure.ErrorCode == "type_error") return ["body", failure.PropertyName.TrimStart('$', '.')];
        var field = ToSnake(failure.PropertyName.TrimStart('$', '.'));
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
        "json_invalid" or "type_error" or ExtraForbidden => f.ErrorCode,
        _ => "value_error",
    };

    private const string ExtraForbidden = "extra_forbidden";

    /// <summary>The name System.Text.Json could not map (UnmappedMemberHandling.Disallow), or null for any other failure.</summary>
    private static string? UnknownName(System.Text.Json.JsonException ex)
    {
        const string marker = "The JSON property '";
        if (!ex.Message.StartsWith(marker, StringComparison.Ordinal) || !ex.Message.Contains("could not be mapped", StringComparison.Ordinal)) return null;
        var end = ex.Message.IndexOf("' could not be mapped", StringComparison.Ordinal);
        return end > marker.Length ? ex.Message[marker.Length..end] : null;
    }

    private static string ToSnake(string name) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
