using Microsoft.Extensions.Logging;

namespace Hsi.Inference.Detection;

public enum DetectorState { Ready, Unavailable }

/// <summary>What the detector is doing, for health and metrics.</summary>
public sealed record DetectorStatus(DetectorState State, string Message, ModelInfo? Model);

/// <summary>
/// Owns the one detector session. A missing model is not fatal: the API runs, health says why,
/// and the model is loaded as soon as it appears at DETECTOR_MODEL_PATH.
/// </summary>
public sealed class DetectorHost(DetectorOptions options, ILogger<DetectorHost> logger) : IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private OnnxDetector? _detector;
    private string _problem = "detector not loaded yet";
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public DetectorOptions Options => options;

    /// <summary>The detector, loading it if needed (at most once every few seconds while it fails).</summary>
    public OnnxDetector? TryGet()
    {
        if (_detector is { } ready) return ready;
        lock (_gate)
        {
            if (_detector is not null) return _detector;
            if (DateTimeOffset.UtcNow - _lastAttempt < RetryEvery) return null;
            _lastAttempt = DateTimeOffset.UtcNow;
            try
            {
                _detector = new OnnxDetector(options, logger);
                return _detector;
            }
            catch (FileNotFoundException)
            {
                _problem = $"no model at {Path.GetFullPath(options.ModelPath)} (run ops/fetch-model or set DETECTOR_MODEL_PATH); accepted media wait until it is there";
            }
            catch (Exception ex) when (ex is not DetectorUnavailableException)
            {
                _problem = $"model at {options.ModelPath} does not load: {ex.Message}";
            }
            logger.LogWarning("Detector unavailable: {Problem}", _problem);
            return null;
        }
    }

    /// <summary>Loads at start-up; an impossible device setting (cuda forced without CUDA) stops the service.</summary>
    public void LoadAtStartup() => TryGet();

    public DetectorStatus Status => _detector is { } d
        ? new DetectorStatus(DetectorState.Ready, $"{d.Model.Name} on {d.Model.Provider}", d.Model)
        : new DetectorStatus(DetectorState.Unavailable, _problem, null);

    public void Dispose() => _detector?.Dispose();
}
