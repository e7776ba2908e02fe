using Microsoft.Extensions.FileProviders;

namespace Hsi.Api.Http;

/// <summary>
/// The web dashboard (built from <c>web/</c> by ops/build-web into <c>wwwroot</c>), served by the API
/// itself and outside the API key: the shell asks for the key and sends it with every call. Hashed
/// assets are cached for a year, <c>index.html</c> never; a deep link (<c>/events/42</c>) gets the
/// shell, while an unknown path under the API's own prefixes stays a JSON 404.
/// </summary>
public static class Dashboard
{
    public const string Shell = "index.html";

    /// <summary>Paths the dashboard never answers: the API's, its sockets, docs, probes and metrics.</summary>
    private static readonly string[] ReservedPrefixes = ["/api", "/ws", "/openapi", "/docs", "/redoc", "/metrics", "/health", "/ready", "/live"];

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (FindRoot(app.Environment) is not { } root)
        {
            app.Logger.LogWarning("The dashboard is not built (no {Shell} in wwwroot): run ops/build-web; the API serves without it", Shell);
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl =
                ctx.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.MapFallback(async ctx =>
        {
            var path = ctx.Request.Path;
            if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method)
                || ReservedPrefixes.Any(p => path.StartsWithSegments(p))
                || Path.HasExtension(path.Value))
            {
                await ctx.SendDetail(StatusCodes.Status404NotFound, "Not Found");
                return;
            }
            ctx.Response.Headers.CacheControl = "no-cache";
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.SendFileAsync(files.GetFileInfo(Shell));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The content root's wwwroot (dotnet run, tests), else the one beside the binary (ops/run, containers).</summary>
    private static string? FindRoot(IWebHostEnvironment env) =>
        new[] { Path.Combine(env.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, Shell)));
}
