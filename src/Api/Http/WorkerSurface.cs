namespace Hsi.Api.Http;

/// <summary>A worker node (HSI_ROLE=worker) answers only its probes, its metrics and the cluster view; the API nodes serve the rest.</summary>
public static class WorkerSurface
{
    public static readonly string[] Paths = ["/health", "/api/system/health/ready", "/api/system/cluster", "/metrics", "/api/metrics"];

    public static WebApplication UseWorkerSurface(this WebApplication app, ClusterRole role)
    {
        if (role.ServesClients()) return app;
        app.Use(async (ctx, next) =>
        {
            if (Paths.Contains(ctx.Request.Path.Value, StringComparer.OrdinalIgnoreCase)) await next(ctx);
            else await ctx.SendDetail(404, $"This is a worker node: it serves only {string.Join(", ", Paths)}; ask an API node");
        });
        return app;
    }
}
