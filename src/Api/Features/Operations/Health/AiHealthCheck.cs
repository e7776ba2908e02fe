using Hsi.Inference.Detection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>The detector: loaded (model, version, execution provider) or why it is unavailable.</summary>
public sealed class AiHealthCheck(DetectorHost detectors, HsiSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = detectors.Status;
        if (status.Model is not { } m)
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"Object detection unavailable: {status.Message}",
                data: new Dictionary<string, object> { ["detector_loaded"] = false, ["model_path"] = detectors.Options.ModelPath }));
        return Task.FromResult(HealthCheckResult.Healthy(status.Message, new Dictionary<string, object>
        {
            ["detector_loaded"] = true,
            ["model"] = m.Name,
            ["version"] = m.Version,
            ["family"] = m.Family.ToString().ToLowerInvariant(),
            ["provider"] = m.Provider,
            ["input_size"] = $"{m.InputWidth}x{m.InputHeight}",
            ["model_path"] = m.Path,
            // The environment's threshold, as before run-time changes; a health check must not need the database.
            ["confidence_threshold"] = (float)settings.DetectionConfidenceThreshold,
        }));
    }
}

/// <summary>On an API node the detector runs on the workers: how many live ones report a loaded model.</summary>
public sealed class WorkerDetectorCheck(Infrastructure.Cluster.NodeReports reports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workers = (await reports.AllAsync(cancellationToken)).Where(r => r.Detector is not null).ToList();
        if (workers.Count == 0)
            return new HealthCheckResult(context.Registration.FailureStatus, "Object detection unavailable: no live worker node reports a loaded detector",
                data: new Dictionary<string, object> { ["detector_loaded"] = false, ["workers"] = 0 });
        return HealthCheckResult.Healthy($"Object detection on {workers.Count} worker node(s)", new Dictionary<string, object>
        {
            ["detector_loaded"] = true,
            ["model"] = workers[0].Detector!,
            ["workers"] = workers.Count,
        });
    }
}
