using Hsi.Domain.SecurityEvents;
using Hsi.Domain.SystemConfig;

namespace Hsi.Inference.Handlers;

/// <summary>
/// The run-time settings in force now (environment plus <c>PATCH /api/system/config</c>), read by
/// the handlers on every message so a change applies to the next file or batch without a restart.
/// </summary>
public interface ILiveSettings
{
    ValueTask<RuntimeSettings> CurrentAsync(CancellationToken ct);
}

public static class LiveBatchSettings
{
    /// <summary>The configured batching with the window, idle timeout and fast-path threshold in force.</summary>
    public static BatchSettings With(this BatchSettings configured, RuntimeSettings live) => configured with
    {
        Window = TimeSpan.FromSeconds(live.BatchWindowSeconds),
        IdleTimeout = TimeSpan.FromSeconds(live.BatchIdleTimeoutSeconds),
        FastPathConfidence = live.FastPathConfidenceThreshold,
    };
}
