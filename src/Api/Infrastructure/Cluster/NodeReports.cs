using System.Text.Json;
using Hsi.Api.Features.Operations.Gpu;
using Hsi.Inference;
using Hsi.Inference.Detection;
using StackExchange.Redis;
using Wolverine.Runtime;

namespace Hsi.Api.Infrastructure.Cluster;

/// <summary>What one node last said about itself: who it is, its GPU, and the media its detector is busy with.</summary>
public sealed record NodeReport(
    Guid NodeId, string Name, string Role, DateTimeOffset StartedAt, DateTimeOffset ReportedAt,
    string? Detector, GpuReading Gpu, double? InferenceFps, long MediaInAnalysis);

/// <summary>
/// Every node writes its <see cref="NodeReport"/> every <see cref="Every"/> into one Redis hash
/// (<c>{REDIS_PREFIX}:nodes</c>, a field per Wolverine node id), so any API node can show the whole cluster's GPUs
/// and load. A report older than <see cref="ClusterSettings.DeadAfter"/> is a node that has gone.
/// </summary>
public sealed class NodeReports(
    IConnectionMultiplexer redis, IWolverineRuntime runtime, GpuStats gpu, DetectorHost detectors, HsiSettings settings, TimeProvider clock,
    ILogger<NodeReports> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    private RedisKey Key => $"{settings.RedisPrefix}:nodes";

    public Guid NodeId => runtime.Options.UniqueNodeId;

    /// <summary>This node's report, as it stands now.</summary>
    public async Task<NodeReport> OwnAsync(CancellationToken ct) => new(
        NodeId, settings.NodeName, settings.Role.Name(), _startedAt, clock.GetUtcNow(), detectors.Status.Model?.Name,
        settings.Role.RunsModels() ? await gpu.ReadAsync(ct) : GpuReading.None,
        InferenceThroughput.FramesPerSecond, (long)PipelineMetrics.MediaInAnalysis.Value);

    /// <summary>Every live node's last report, this node's fresh; only this node's while Redis is away.</summary>
    public async Task<IReadOnlyList<NodeReport>> AllAsync(CancellationToken ct)
    {
        var own = await OwnAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var reports = (await redis.GetDatabase().HashGetAllAsync(Key))
                .Select(e => JsonSerializer.Deserialize<NodeReport>(e.Value.ToString(), JsonDefaults.Options))
                .OfType<NodeReport>()
                .Where(r => r.NodeId != own.NodeId && now - r.ReportedAt < ClusterSettings.DeadAfter);
            return [own, .. reports.OrderBy(r => r.Name, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return [own];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var round = 0; !stoppingToken.IsCancellationRequested; round++)
        {
            try
            {
                var report = await OwnAsync(stoppingToken);
                var db = redis.GetDatabase();
                await db.HashSetAsync(Key, report.NodeId.ToString(), JsonSerializer.Serialize(report, JsonDefaults.Options));
                if (round % 30 == 0) await ForgetGoneAsync(db, report.ReportedAt);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug("Node report not written: {Error}", ex.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(Every, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
        try { await redis.GetDatabase().HashDeleteAsync(Key, NodeId.ToString()); }
        catch (Exception ex) when (ex is RedisException or TimeoutException) { }
    }

    /// <summary>Reports of nodes gone for a minute leave the hash, so it holds only the cluster's recent members.</summary>
    private async Task ForgetGoneAsync(IDatabase db, DateTimeOffset now)
    {
        foreach (var entry in await db.HashGetAllAsync(Key))
        {
            if (JsonSerializer.Deserialize<NodeReport>(entry.Value.ToString(), JsonDefaults.Options) is { } r && now - r.ReportedAt > TimeSpan.FromMinutes(1))
                await db.HashDeleteAsync(Key, entry.Name);
        }
    }
}
