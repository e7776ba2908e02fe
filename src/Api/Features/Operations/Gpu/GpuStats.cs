using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace Hsi.Api.Features.Operations.Gpu;

/// <summary>The GPU's figures as CONTRACT.md names them; all null without an NVIDIA GPU.</summary>
public sealed record GpuReading(
    string? GpuName, double? Utilization, long? MemoryUsed, long? MemoryTotal, double? Temperature, double? PowerUsage,
    long? FanSpeed, long? SmClock, long? SmClockMax, long? MemoryClock, long? MemoryClockMax, double? MemoryBandwidthUtilization,
    long? Pstate, long? ThrottleReasons, double? PowerLimit, double? TempSlowdownThreshold, long? ComputeProcessesCount,
    long? PcieLinkGen, long? PcieLinkWidth, long? EncoderUtilization, long? DecoderUtilization)
{
    public static readonly GpuReading None = new(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
}

/// <summary>
/// Reads the first NVIDIA GPU with <c>nvidia-smi --query-gpu</c> (present wherever the driver is),
/// at most every 5 s; without the tool or a GPU every figure is null. Also feeds the
/// <c>hsi_gpu_*</c> gauges, so Prometheus sees what the API reports.
/// </summary>
public sealed class GpuStats(TimeProvider clock, ILogger<GpuStats> logger)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Query fields every driver of the last years knows; one unknown field fails the whole query.</summary>
    internal const string CoreFields = "name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw,fan.speed," +
        "clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,utilization.memory,pstate,clocks_throttle_reasons.active,power.limit," +
        "pcie.link.gen.current,pcie.link.width.current";

    /// <summary>Asked separately: older drivers do not know them.</summary>
    internal const string NewerFields = "utilization.encoder,utilization.decoder,temperature.gpu.tlimit";

    private static readonly Gauge Available = Metrics.CreateGauge("hsi_gpu_available", "1 when an NVIDIA GPU answers nvidia-smi, else 0.");
    private static readonly Gauge Utilization = Metrics.CreateGauge("hsi_gpu_utilization_percent", "GPU utilization (%).");
    private static readonly Gauge MemoryUsed = Metrics.CreateGauge("hsi_gpu_memory_used_bytes", "GPU memory in use.");
    private static readonly Gauge Temperature = Metrics.CreateGauge("hsi_gpu_temperature_celsius", "GPU temperature.");

    private readonly SemaphoreSlim _reading = new(1, 1);
    private (GpuReading Reading, DateTimeOffset At)? _last;
    private bool _toolMissing;

    public async Task<GpuReading> ReadAsync(CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < CacheFor) return last.Reading;
            var reading = await QueryAsync(ct);
            _last = (reading, clock.GetUtcNow());
            Record(reading);
            return reading;
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<GpuReading> QueryAsync(CancellationToken ct)
    {
        if (_toolMissing) return GpuReading.None;
        var core = await RunAsync($"--query-gpu={CoreFields} --format=csv,noheader,nounits", ct);
        if (core is null) return GpuReading.None;
        var newer = await RunAsync($"--query-gpu={NewerFields} --format=csv,noheader,nounits", ct);
        var processes = await RunAsync("--query-compute-apps=pid --format=csv,noheader", ct);
        return Parse(core, newer, processes);
    }

    /// <summary>The first GPU's line of each query (others are ignored); <c>[N/A]</c> and the like are null.</summary>
    internal static GpuReading Parse(string core, string? newer, string? processes)
    {
        var c = FirstLine(core);
        if (c.Length < 17 || string.IsNullOrWhiteSpace(c[0])) return GpuReading.None;
        var n = newer is null ? [] : FirstLine(newer);
        return new GpuReading(
            GpuName: c[0],
            Utilization: Number(c[1]), MemoryUsed: Whole(c[2]), MemoryTotal: Whole(c[3]), Temperature: Number(c[4]), PowerUsage: Number(c[5]),
            FanSpeed: Whole(c[6]), SmClock: Whole(c[7]), SmClockMax: Whole(c[8]), MemoryClock: Whole(c[9]), MemoryClockMax: Whole(c[10]),
            MemoryBandwidthUtilization: Number(c[11]),
            Pstate: c[12].StartsWith('P') ? Whole(c[12][1..]) : null,
            ThrottleReasons: c[13].StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(c[13][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bits) ? bits : null,
            PowerLimit: Number(c[14]), TempSlowdownThreshold: n.Length > 2 ? Number(n[2]) : null,
            ComputeProcessesCount: processes?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Count(l => long.TryParse(l, out _)),
            PcieLinkGen: Whole(c[15]), PcieLinkWidth: Whole(c[16]),
            EncoderUtilization: n.Length > 0 ? Whole(n[0]) : null, DecoderUtilization: n.Length > 1 ? Whole(n[1]) : null);
    }

    private static string[] FirstLine(string csv) =>
        (csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "").Split(',', StringSplitOptions.TrimEntries);

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static long? Whole(string value) => Number(value) is { } d ? (long)Math.Round(d) : null;

    private async Task<string?> RunAsync(string arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("nvidia-smi", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CommandTimeout);
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            // No NVIDIA driver on this machine: no need to try again every 5 s.
            _toolMissing = true;
            logger.LogInformation("nvidia-smi not found; GPU figures are null");
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("nvidia-smi did not answer within {Timeout}", CommandTimeout);
            return null;
        }
    }

    private static void Record(GpuReading r)
    {
        Available.Set(r.GpuName is null ? 0 : 1);
        Utilization.Set(r.Utilization ?? 0);
        MemoryUsed.Set((r.MemoryUsed ?? 0) * 1024d * 1024d);
        Temperature.Set(r.Temperature ?? 0);
    }
}
