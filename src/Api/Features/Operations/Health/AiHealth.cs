using Hsi.Inference.Detection;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>The detector's state for the health report: model, version and execution provider, or why it is unavailable.</summary>
public sealed class AiHealth(DetectorHost detectors)
{
    public ServiceHealth Current()
    {
        var status = detectors.Status;
        if (status.Model is not { } m) return new(HealthState.Unhealthy, $"Object detection unavailable: {status.Message}");
        return new(HealthState.Healthy, status.Message, new Dictionary<string, object?>
        {
            ["model"] = m.Name,
            ["version"] = m.Version,
            ["family"] = m.Family.ToString().ToLowerInvariant(),
            ["provider"] = m.Provider,
            ["input_size"] = $"{m.InputWidth}x{m.InputHeight}",
            ["model_path"] = m.Path,
            ["confidence_threshold"] = detectors.Options.ConfidenceThreshold,
        });
    }
}
