namespace Hsi.Api.Http;

/// <summary>
/// Every request body is bounded: uploads (multipart) by MAX_MEDIA_MB plus room for the form's
/// framing, everything else by <see cref="JsonBodyBytes"/>. A declared length over the limit is
/// refused at once; an undeclared (chunked) one is cut off by Kestrel when it passes the limit.
/// An endpoint with a smaller <c>IRequestSizeLimitMetadata</c> is held to that instead.
/// </summary>
public sealed class RequestBodyLimits(RequestDelegate next, Configuration.HsiSettings settings)
{
    public const long JsonBodyBytes = 1024 * 1024;
    public const long MultipartFramingBytes = 1024 * 1024;
    private const string LimitMessageKey = "hsi.body-limit-message", LimitKey = "hsi.body-limit";

    public static long UploadBodyBytes(Configuration.HsiSettings settings) => settings.MaxMediaBytes + MultipartFramingBytes;

    public Task InvokeAsync(HttpContext ctx)
    {
        var upload = ctx.Request.HasFormContentType;
        var limit = upload ? UploadBodyBytes(settings) : JsonBodyBytes;
        // An endpoint may hold its body to less ([RequestSizeLimit] metadata, e.g. the browsers' log reports).
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } own && own < limit)
        {
            limit = own;
            upload = false;
        }
        var message = upload
            ? $"Upload too large: files may be at most {settings.MaxMediaMb:0.##} MB (MAX_MEDIA_MB)"
            : $"Request body too large: at most {limit / 1024} KB";
        ctx.Items[LimitMessageKey] = message;
        ctx.Items[LimitKey] = limit;
        if (ctx.Request.ContentLength > limit) return ctx.SendDetail(StatusCodes.Status413PayloadTooLarge, message);
        if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return next(ctx);
    }

    /// <summary>The bytes this request's body may have (a JSON body's by default).</summary>
    public static long LimitOf(HttpContext ctx) => ctx.Items[LimitKey] as long? ?? JsonBodyBytes;

    /// <summary>The limit this request was held to, in words, for a 413 raised while its body was read.</summary>
    public static string? LimitMessage(HttpContext ctx) => ctx.Items[LimitMessageKey] as string;
}
