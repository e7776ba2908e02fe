using System.Text.Json;
using Hsi.Api.Features.Operations.Gpu;
using Hsi.Api.Features.Operations.Health;
using Hsi.Api.Infrastructure;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Realtime;
using Hsi.Domain.Cameras;
using Hsi.Inference;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Operations;

/// <summary>
/// <c>/ws/system</c>: every 5 s, while this node has clients on it, a live-only <c>system_status</c>
/// with the GPU, cameras (online of all), the detection queue (waiting, being analysed) and the
/// overall health. Each node sends its own, so it needs no fan-out. The service checks run every 5 s
/// whether or not anyone listens, so HealthHistory sees each change.
/// </summary>
public sealed class SystemStatusBroadcast(
    RealtimeHub hub, NodeReports reports, HealthReports health, QueueDepths depths, IDocumentStore store, TimeProvider clock,
    ILogger<SystemStatusBroadcast> logger) : BackgroundService
{
    public const string Topic = "system";
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Checked even without clients: a dependency's failure or recovery goes into HealthHistory when it happens.
                var (overall, _) = await health.ServicesAsync(stoppingToken);
                if (hub.HasClients(Topic))
                    hub.Deliver(Topic, "system_status", JsonSerializer.SerializeToElement(await StatusAsync(overall, stoppingToken), JsonDefaults.Options), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("system_status not sent: {Error}", ex.Message);
            }
            await Task.Delay(Every, clock, stoppingToken);
        }
    }

    private async Task<object> StatusAsync(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus overall, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var cameras = await session.Query<CameraView>().Where(c => c.DeletedAt == null).Select(c => c.Status).ToListAsync(ct);
        var analysis = (await depths.InboxAsync(ct))
            .Where(d => d.Queue is EventStore.AnalysisQueue or AnalysisRouting.BatchQueue && d.Status is "incoming" or "queued").Sum(d => d.Count);
        // In the inbox until done: those being analysed now (on every node) are not waiting.
        var nodes = await reports.AllAsync(ct);
        var processing = nodes.Sum(n => n.MediaInAnalysis);
        return new
        {
            gpu = Gpu.Response.Of(nodes),
            cameras = new { active = cameras.Count(s => s == CameraStatus.Online), total = cameras.Count },
            queue = new { pending = Math.Max(0, analysis - processing), processing },
            health = HealthReports.OverallOf(overall),
        };
    }
}
