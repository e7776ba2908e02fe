namespace Hsi.Api.Http;

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
    /// Reads the body, at most the request's limit of it (<see cref="RequestBodyLimits.LimitOf"/>; a longer
    /// one is the 413 Kestrel would give), and rewinds it for the endpoint.
    /// </summary>
    private static async Task<(string Field, string Problem)?> BodyProblemAsync(HttpRequest request)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024);
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var limit = RequestBodyLimits.LimitOf(request.HttpContext);
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
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
