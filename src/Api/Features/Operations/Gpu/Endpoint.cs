using Hsi.Inference;

namespace Hsi.Api.Features.Operations.Gpu;

public sealed record Response(
    string? GpuName, double? Utilization, long? MemoryUsed, long? MemoryTotal, double? Temperature, double? PowerUsage,
    double? InferenceFps, long? FanSpeed, long? SmClock, long? SmClockMax, long? MemoryClock, long? MemoryClockMax,
    double? MemoryBandwidthUtilization, long? Pstate, long? ThrottleReasons, double? PowerLimit, double? TempSlowdownThreshold,
    long? ComputeProcessesCount, long? PcieRxThroughput, long? PcieTxThroughput, long? PcieLinkGen, long? PcieLinkWidth,
    long? PcieReplayCounter, long? EncoderUtilization, long? DecoderUtilization, long? Bar1Used)
{
    /// <summary>
    /// nvidia-smi's query has no PCIe throughput, replay counter or BAR1 figure (NVML has them), so
    /// those stay null; <c>inference_fps</c> is measured from the detector's own runs, GPU or not.
    /// </summary>
    public static Response From(GpuReading g, double? inferenceFps) => new(
        g.GpuName, g.Utilization, g.MemoryUsed, g.MemoryTotal, g.Temperature, g.PowerUsage, inferenceFps, g.FanSpeed, g.SmClock,
        g.SmClockMax, g.MemoryClock, g.MemoryClockMax, g.MemoryBandwidthUtilization, g.Pstate, g.ThrottleReasons, g.PowerLimit,
        g.TempSlowdownThreshold, g.ComputeProcessesCount, null, null, g.PcieLinkGen, g.PcieLinkWidth, null,
        g.EncoderUtilization, g.DecoderUtilization, null);
}

public sealed class Endpoint(GpuStats gpu) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/gpu");
        Summary(s => s.Summary = "GPU figures (null without an NVIDIA GPU) and the detector's measured frames per second");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(Response.From(await gpu.ReadAsync(ct), InferenceThroughput.FramesPerSecond), ct);
}
