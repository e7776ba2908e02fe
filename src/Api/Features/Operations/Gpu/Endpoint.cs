using Hsi.Api.Infrastructure.Cluster;

namespace Hsi.Api.Features.Operations.Gpu;

/// <summary>One node's GPU and detector as it last reported them.</summary>
public sealed record NodeGpu(
    string Node, string Role, string? GpuName, double? Utilization, long? MemoryUsed, long? MemoryTotal, double? Temperature,
    double? InferenceFps, long MediaInAnalysis, DateTimeOffset ReportedAt);

public sealed record Response(
    string? GpuName, double? Utilization, long? MemoryUsed, long? MemoryTotal, double? Temperature, double? PowerUsage,
    double? InferenceFps, long? FanSpeed, long? SmClock, long? SmClockMax, long? MemoryClock, long? MemoryClockMax,
    double? MemoryBandwidthUtilization, long? Pstate, long? ThrottleReasons, double? PowerLimit, double? TempSlowdownThreshold,
    long? ComputeProcessesCount, long? PcieRxThroughput, long? PcieTxThroughput, long? PcieLinkGen, long? PcieLinkWidth,
    long? PcieReplayCounter, long? EncoderUtilization, long? DecoderUtilization, long? Bar1Used, IReadOnlyList<NodeGpu> Nodes)
{
    /// <summary>
    /// nvidia-smi's query has no PCIe throughput, replay counter or BAR1 figure (NVML has them), so
    /// those stay null; <c>inference_fps</c> is measured from the detector's own runs, GPU or not.
    /// </summary>
    public static Response From(GpuReading g, double? inferenceFps, IReadOnlyList<NodeGpu> nodes) => new(
        g.GpuName, g.Utilization, g.MemoryUsed, g.MemoryTotal, g.Temperature, g.PowerUsage, inferenceFps, g.FanSpeed, g.SmClock,
        g.SmClockMax, g.MemoryClock, g.MemoryClockMax, g.MemoryBandwidthUtilization, g.Pstate, g.ThrottleReasons, g.PowerLimit,
        g.TempSlowdownThreshold, g.ComputeProcessesCount, null, null, g.PcieLinkGen, g.PcieLinkWidth, null,
        g.EncoderUtilization, g.DecoderUtilization, null, nodes);

    /// <summary>
    /// The cluster's view: the top-level figures are the first GPU among the nodes that run the models (this node's
    /// on one machine), <c>inference_fps</c> their sum; <c>nodes</c> lists each node's own.
    /// </summary>
    public static Response Of(IReadOnlyList<NodeReport> reports)
    {
        var models = reports.Where(r => r.Role != ClusterRole.Api.Name()).ToList();
        var primary = models.FirstOrDefault(r => r.Gpu.GpuName is not null) ?? models.FirstOrDefault() ?? reports[0];
        var fps = models.Select(r => r.InferenceFps).OfType<double>().ToList();
        var nodes = reports.Select(r => new NodeGpu(r.Name, r.Role, r.Gpu.GpuName, r.Gpu.Utilization, r.Gpu.MemoryUsed, r.Gpu.MemoryTotal,
            r.Gpu.Temperature, r.InferenceFps, r.MediaInAnalysis, r.ReportedAt)).ToList();
        return From(primary.Gpu, fps.Count > 0 ? fps.Sum() : null, nodes);
    }
}

public sealed class Endpoint(NodeReports reports) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/gpu");
        Summary(s => s.Summary = "GPU figures (null without an NVIDIA GPU) and the detectors' measured frames per second, for every node of the cluster");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(Response.Of(await reports.AllAsync(ct)), ct);
}
