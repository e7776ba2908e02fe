using Microsoft.Extensions.Logging;


namespace Hsi.Inference.Detection;

public enum DetectorState { Ready, Unavailable }

/// <summary>What the detector is doing, for health and metrics.</summary>
public sealed record DetectorStatus(DetectorState State, string Message, ModelInfo? Model);

/// <summary>
/// Owns the detector session. A missing model is not a failure: the API runs, health says why,
/// media waits, and the model is loaded as soon as it appears at DETECTOR_MODEL_PATH. A model
/// file that is replaced is reloaded; one that does not load is a failure (retried, then
/// dead-lettered), never a silent fallback to the old file.
/// </summary>
public sealed class DetectorHost(DetectorOptions options, ILogger<DetectorHost> logger) : IDisposable
{
    private static readonly TimeSpan RetiredSessionGrace = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private Loaded? _current;
    private string _problem = "detector not loaded yet";

    private sealed record Loaded(OnnxDetector Detector, long Size, DateTime Modified);

    public DetectorOptions Options => options;

    /// <summary>
    /// The detector for the model file as it is now; null while there is no model file.
    /// Throws <see cref="DetectorUnavailableException"/> when the file is there but does not load,
    /// <see cref="DetectorDeviceException"/> when the configured device cannot be used.
    /// </summary>
    public OnnxDetector? TryGet()
    {
        var file = new FileInfo(options.ModelPath);
        var current = _current;
        if (current is not null && file.Exists && file.Length == current.Size && file.LastWriteTimeUtc == current.Modified)
            return current.Detector;

        lock (_gate)
        {
            file.Refresh();
            current = _current;
            if (!file.Exists)
            {
                _problem = $"no model at {file.FullName} (run ops/fetch-model or set DETECTOR_MODEL_PATH); accepted media wait until it is there";
                Unload(current);
                return null;
            }
            if (current is not null && file.Length == current.Size && file.LastWriteTimeUtc == current.Modified) return current.Detector;

            OnnxDetector loaded;
            try
            {
                loaded = new OnnxDetector(options, logger);
            }
            catch (Exception ex) when (ex is not DetectorDeviceException)
            {
                _problem = $"model at {file.FullName} does not load: {ex.Message}";
                logger.LogError("Detector unavailable: {Problem}", _problem);
                Unload(current);
                throw new DetectorUnavailableException(_problem, ex);
            }
            Unload(current);
            _current = new Loaded(loaded, file.Length, file.LastWriteTimeUtc);
            SetInfoMetric(loaded.Model, 1);
            return loaded;
        }
    }

    /// <summary>
    /// The detector a replay runs with. The configured model and family: the loaded one, shared (the
    /// threshold travels with each call, so a replay's own threshold needs no session of its own).
    /// Any other: <paramref name="replay"/>'s model, loaded for this lease alone and released with it.
    /// </summary>
    public DetectorLease Lease(DetectorOptions replay)
    {
        if (IsConfigured(replay) && TryGet() is { } shared && (replay.Family is null || replay.Family == shared.Model.Family))
            return new DetectorLease(shared, this);
        return new DetectorLease(new OnnxDetector(replay, logger), owner: null);
    }

    /// <summary>The configured options but for the family, which the caller compares with what is loaded.</summary>
    private bool IsConfigured(DetectorOptions replay) =>
        Path.GetFullPath(replay.ModelPath) == Path.GetFullPath(options.ModelPath)
        && replay with { ModelPath = options.ModelPath, Family = options.Family } == options;

    /// <summary>Whether <paramref name="detector"/> is still the session for the model file as it is now.</summary>
    internal bool IsCurrent(OnnxDetector detector)
    {
        try
        {
            return ReferenceEquals(TryGet(), detector);
        }
        catch (DetectorUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Loads at start-up. An impossible device (cuda forced without CUDA) stops start-up; anything else is reported by health.</summary>
    public void LoadAtStartup()
    {
        try
        {
            if (TryGet() is null) logger.LogWarning("Detector unavailable: {Problem}", _problem);
        }
        catch (DetectorUnavailableException)
        {
            // A broken model file is reported by health and retried per message; only a DetectorDeviceException is fatal.
        }
    }

    /// <summary>The state as of now: the model file is looked at again, so health never reports a model that is gone.</summary>
    public DetectorStatus Status => Refresh() is { } c
        ? new DetectorStatus(DetectorState.Ready, $"{c.Detector.Model.Name} on {c.Detector.Model.Provider}", c.Detector.Model)
        : new DetectorStatus(DetectorState.Unavailable, _problem, null);

    private Loaded? Refresh()
    {
        try
        {
            TryGet();
        }
        catch (DetectorUnavailableException)
        {
            // Reported through _problem.
        }
        return _current;
    }

    /// <summary>Stops using a session (model gone, broken or replaced); analyses still running on it finish first.</summary>
    private void Unload(Loaded? loaded)
    {
        if (loaded is null) return;
        if (ReferenceEquals(_current, loaded)) _current = null;
        Retire(loaded.Detector);
        SetInfoMetric(loaded.Detector.Model, 0);
    }

    private static void SetInfoMetric(ModelInfo m, double value) =>
        PipelineMetrics.DetectorInfo.WithLabels(m.Name, m.Version, m.Family.ToString().ToLowerInvariant(), m.Provider).Set(value);

    /// <summary>Frees a replaced session once the analyses still using it have finished.</summary>
    private static void Retire(OnnxDetector old) =>
        _ = Task.Delay(RetiredSessionGrace).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);

    public void Dispose() => _current?.Detector.Dispose();
}

/// <summary>
/// A replay's detector (<see cref="DetectorHost.Lease"/>). A shared one stays the host's; one loaded for the
/// lease is disposed with it, and the memory its session held is given back to the OS.
/// </summary>
public sealed class DetectorLease : IDisposable
{
    private readonly OnnxDetector _detector;
    private readonly DetectorHost? _owner;
    private bool _released;

    /// <param name="owner">The host whose loaded detector this is; null when the lease loaded its own.</param>
    internal DetectorLease(OnnxDetector detector, DetectorHost? owner)
    {
        _detector = detector;
        _owner = owner;
    }

    public ModelInfo Model => _detector.Model;

    /// <summary>Whether the lease shares the host's loaded detector.</summary>
    public bool Shared => _owner is not null;

    /// <summary>
    /// The detector, for the next file. The host retires a session whose model file is replaced (and disposes it
    /// soon after), so a shared one is checked each time: a replay never mixes two models or uses a freed session.
    /// </summary>
    public OnnxDetector Detector
    {
        get
        {
            ObjectDisposedException.ThrowIf(_released, this);
            if (_owner is not null && !_owner.IsCurrent(_detector))
                throw new DetectorUnavailableException("the configured model file changed during the replay; run it again");
            return _detector;
        }
    }

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        if (_owner is not null) return;
        _detector.Dispose();
        NativeHeap.Trim();
    }
}
