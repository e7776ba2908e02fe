using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.Extensions.Primitives;

namespace Hsi.Api.Http;

/// <summary>
/// How request values are read, one way for every endpoint: timestamps in any offset become UTC,
/// strings never carry NUL or broken UTF-16 (PostgreSQL refuses both), and a value of the wrong
/// type is described in the client's terms, not .NET's.
/// </summary>
public static class RequestInput
{
    public const string NulMessage = "must not contain NUL characters";
    public const string BrokenTextMessage = "must be valid Unicode text";

    public static void Configure(BindingOptions binding)
    {
        binding.ValueParserFor<DateTimeOffset>(ParseTimestamp);
        binding.ValueParserFor(typeof(DateTimeOffset?), ParseTimestamp);
        binding.FailureMessage = (type, _, value) => $"{Describe(value)} is not {Expected(type)}";
    }

    /// <summary>ISO 8601 with any offset, converted to UTC. A '+' in a query string arrives as a space, so a space before the offset is read as '+'.</summary>
    public static ParseResult ParseTimestamp(StringValues input)
    {
        var text = input.ToString().Trim();
        if (text.Length > 6 && text[^6] == ' ' && text[^3] == ':') text = text[..^6] + "+" + text[^5..];
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value);
        return new ParseResult(ok, ok ? value.ToUniversalTime() : null);
    }

    /// <summary>Why a text value cannot be stored, or null when it can.</summary>
    public static string? TextProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return NulMessage;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return BrokenTextMessage;
        }
        return null;
    }

    private static string Describe(StringValues value)
    {
        var text = value.ToString();
        return text.Length <= 40 && TextProblem(text) is null ? $"'{text}'" : "the value";
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(t).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number in range",
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "an ISO 8601 date-time (e.g. 2026-01-01T00:00:00Z)",
            _ when t == typeof(Guid) => "a UUID",
            _ => "a valid value",
        };
    }

    /// <summary>
    /// A body means what it says or is refused: numbers are JSON numbers (not <c>"5"</c>), names match
    /// exactly (<c>retentionDays</c> is not <c>retention_days</c>), and a name the request does not have
    /// is 422 rather than silently ignored.
    /// </summary>
    public static void MakeStrict(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>
    /// The first string of a JSON body (a value or a name) that cannot be stored, with the name of the
    /// field it is in; null when every string can be, or when the body is not JSON (its endpoint says so).
    /// </summary>
    public static (string Field, string Problem)? JsonTextProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var field = "__root__";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String)) continue;
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    // An escaped lone surrogate (\ud800) or bytes that are not UTF-8.
                    return (reader.TokenType == JsonTokenType.PropertyName ? "__key__" : field, BrokenTextMessage);
                }
                if (TextProblem(text) is { } problem) return (reader.TokenType == JsonTokenType.PropertyName ? "__key__" : field, problem);
                if (reader.TokenType == JsonTokenType.PropertyName) field = text;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }
}

/// <summary>
/// Paths, query strings and every string of a JSON body with NUL characters or broken UTF-16 are
/// refused before any endpoint sees them (422), so no handler has to remember to: PostgreSQL stores neither.
/// </summary>
public sealed class RejectUnstorableText(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (QueryProblem(ctx) is { } query)
        {
            await Refuse(ctx, query.Source, query.Field, query.Problem);
            return;
        }
        if (HasBody(ctx.Request) && await BodyProblemAsync(ctx.Request) is { } body)
        {
            await Refuse(ctx, "body", body.Field, body.Problem);
            return;
        }
        await next(ctx);
    }

    private static (string Source, string Field, string Problem)? QueryProblem(HttpContext ctx)
    {
        if (RequestInput.TextProblem(ctx.Request.Path.Value ?? "") is { } pathProblem) return ("path", "path", pathProblem);
        foreach (var (name, values) in ctx.Request.Query)
        {
            if (RequestInput.TextProblem(name) is { } nameProblem) return ("query", "__key__", nameProblem);
            foreach (var value in values)
                if (value is not null && RequestInput.TextProblem(value) is { } problem)
                    return ("query", name, problem);
        }
        return null;
    }

    /// <summary>Uploads are files, not text; every other body may be JSON that an endpoint stores.</summary>
    private static bool HasBody(HttpRequest request) =>
        !request.HasFormContentType && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);

    /// <summary>
    /// Reads the body, at most <see cref="RequestBodyLimits.JsonBodyBytes"/> of it (a longer one is the
    /// 413 Kestrel would give), and rewinds it for the endpoint.
    /// </summary>
    private static async Task<(string Field, string Problem)?> BodyProblemAsync(HttpRequest request)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024);
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > RequestBodyLimits.JsonBodyBytes)
                throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
            body.Write(chunk, 0, read);
        }
        request.Body.Position = 0;
        return RequestInput.JsonTextProblem(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    private static Task Refuse(HttpContext ctx, string source, string field, string problem)
    {
        ctx.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return ctx.Response.WriteAsJsonAsync(ErrorResponses.Single(source, field, $"{field} {problem}"), JsonDefaults.Options);
    }
}

/// <summary>
/// Every request body is bounded: uploads (multipart) by MAX_MEDIA_MB plus room for the form's
/// framing, everything else by <see cref="JsonBodyBytes"/>. A declared length over the limit is
/// refused at once; an undeclared (chunked) one is cut off by Kestrel when it passes the limit.
/// </summary>
public sealed class RequestBodyLimits(RequestDelegate next, Configuration.HsiSettings settings)
{
    public const long JsonBodyBytes = 1024 * 1024;
    public const long MultipartFramingBytes = 1024 * 1024;
    private const string LimitMessageKey = "hsi.body-limit-message";

    public static long UploadBodyBytes(Configuration.HsiSettings settings) => settings.MaxMediaBytes + MultipartFramingBytes;

    public Task InvokeAsync(HttpContext ctx)
    {
        var upload = ctx.Request.HasFormContentType;
        var limit = upload ? UploadBodyBytes(settings) : JsonBodyBytes;
        var message = upload
            ? $"Upload too large: files may be at most {settings.MaxMediaMb:0.##} MB (MAX_MEDIA_MB)"
            : $"Request body too large: at most {JsonBodyBytes / 1024} KB";
        ctx.Items[LimitMessageKey] = message;
        if (ctx.Request.ContentLength > limit) return ctx.SendDetail(StatusCodes.Status413PayloadTooLarge, message);
        if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return next(ctx);
    }

    /// <summary>The limit this request was held to, in words, for a 413 raised while its body was read.</summary>
    public static string? LimitMessage(HttpContext ctx) => ctx.Items[LimitMessageKey] as string;
}
