namespace Hsi.Api.Http;

/// <summary>
/// <c>/redoc</c> with ReDoc's script served by the API itself (embedded), so the reference
/// renders on a network without internet, unlike NSwag's page, which loads it from a CDN.
/// </summary>
public static class ReDocPage
{
    private const string ScriptPath = "/redoc/redoc.standalone.js";

    private const string Html = $$"""
        <!DOCTYPE html>
        <html>
        <head>
          <meta charset="utf-8">
          <title>Home Security Intelligence API</title>
          <meta name="viewport" content="width=device-width, initial-scale=1">
        </head>
        <body>
          <redoc spec-url="/openapi.json"></redoc>
          <script src="{{ScriptPath}}"></script>
        </body>
        </html>
        """;

    public static void MapReDoc(this WebApplication app)
    {
        var script = ReadScript();
        app.MapGet("/redoc", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/redoc/index.html", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet(ScriptPath, (HttpContext ctx) =>
        {
            ctx.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(script, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
    }

    private static byte[] ReadScript()
    {
        using var stream = typeof(ReDocPage).Assembly.GetManifestResourceStream("redoc.standalone.js")
            ?? throw new InvalidOperationException("ReDoc's script is not embedded in the API assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
