using System.Security.Cryptography;
using Hsi.Inference.Detection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Hsi.Inference.Enrichment;

/// <summary>One enrichment model's ONNX Runtime session, safe to share between threads.</summary>
public sealed class LoadedEnrichmentModel(EnrichmentModelDescriptor descriptor, InferenceSession session, string path, string version, string provider)
{
    public EnrichmentModelDescriptor Descriptor => descriptor;
    public InferenceSession Session => session;
    public string Path => path;
    public string Version => version;
    public string Provider => provider;

    /// <summary>The companion file (labels, alphabet) next to the model file; null when the model has none.</summary>
    public string? CompanionPath => descriptor.CompanionFile is { } f ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, f) : null;
}

/// <summary>
/// Loads every enrichment model once, through the detector's session options (<see cref="OnnxDetector.CreateSessionOptions"/>:
/// CUDA when present, else CPU, one intra-op thread per run), and says for each whether it is <c>loaded</c>,
/// <c>unavailable</c> (switched off, no file, or no model exists here) or <c>error</c> (the file does not load), with
/// its provider and the p50/p95 of its recent runs. Nothing here throws at start-up: a missing or broken file is a status.
/// Loading is eager (in the constructor, at the first resolution): the models are small (about 20 MB together,
/// well under a second), so the status is true from the start, a broken file shows before the first detection,
/// and no detection pays a first-use load.
/// </summary>
public sealed class EnrichmentModelRegistry : IDisposable
{
    /// <summary>The non-model methods the stage runs, timed like the models.</summary>
    public const string ImageQualityMethod = "laplacian_variance", VehicleColourMethod = "hsv_histogram";

    /// <summary>The groups of the seed no model here can fill: never a made-up <c>detected: false</c>.</summary>
    public static IReadOnlyList<string> GroupsWithoutModel { get; } = ["clothing", "violence", "weather", "pose", "depth"];

    private const string NoModelHere = "no model available here";
    private readonly EnrichmentOptions _options;
    private readonly Dictionary<string, LoadedEnrichmentModel> _loaded = [];
    private readonly Dictionary<string, (string Status, string Reason)> _problems = [];
    private readonly Dictionary<string, InferenceTimings> _timings;

    public EnrichmentModelRegistry(EnrichmentOptions options, ILogger<EnrichmentModelRegistry>? logger = null)
    {
        _options = options;
        _timings = EnrichmentOptions.Catalogue.Select(m => m.Name).Append(ImageQualityMethod).Append(VehicleColourMethod)
            .ToDictionary(n => n, _ => new InferenceTimings());
        foreach (var model in EnrichmentOptions.Catalogue)
        {
            var setting = options.Models[model.Name];
            if (!options.Enabled) _problems[model.Name] = ("unavailable", "the enrichment stage is off (ENRICHMENT_ENABLED=false)");
            else if (!setting.Enabled) _problems[model.Name] = ("unavailable", $"switched off ({model.SettingPrefix}_ENABLED=false)");
            else if (!File.Exists(setting.Path))
                _problems[model.Name] = ("unavailable", $"no model file at {setting.Path} (run ops/fetch-model or set {model.SettingPrefix}_PATH)");
            else if (model.CompanionFile is { } companion && !File.Exists(Path.Combine(Path.GetDirectoryName(setting.Path)!, companion)))
                _problems[model.Name] = ("unavailable", $"{companion} is missing next to {setting.Path} (run ops/fetch-model)");
            else Load(model, setting.Path, logger);
        }
    }

    /// <summary>ENRICHMENT_ENABLED: when false the stage enriches nothing and no session is loaded.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The loaded model of that name; null when it is unavailable or failed to load.</summary>
    public LoadedEnrichmentModel? Get(string name)
    {
        lock (_loaded) return _loaded.GetValueOrDefault(name);
    }

    /// <summary>
    /// Builds what uses a loaded model (its decoder, with its labels or alphabet); when that fails the model is an
    /// <c>error</c> with the reason, and null is returned, so a bad companion file is a status, not a start-up crash.
    /// </summary>
    public T? Use<T>(string name, Func<LoadedEnrichmentModel, T> build) where T : class
    {
        if (Get(name) is not { } model) return null;
        try
        {
            return build(model);
        }
        catch (Exception ex)
        {
            lock (_loaded)
            {
                _loaded.Remove(name);
                _problems[name] = ("error", $"{model.CompanionPath ?? model.Path} cannot be used: {ex.Message}");
            }
            model.Session.Dispose();
            return null;
        }
    }

    /// <summary>Records one run of a model or method (pre-processing, inference and decoding) for its percentiles.</summary>
    public void Record(string name, double milliseconds) => _timings[name].Record(milliseconds);

    public IReadOnlyList<EnrichmentModelStatus> Statuses
    {
        get
        {
            var list = new List<EnrichmentModelStatus>();
            foreach (var model in EnrichmentOptions.Catalogue)
            {
                var (p50, p95) = _timings[model.Name].Percentiles();
                var setting = _options.Models[model.Name];
                var loaded = Get(model.Name);
                (string Status, string? Reason) problem;
                lock (_loaded) problem = loaded is not null ? ("loaded", null) : _problems[model.Name];
                var (status, reason) = problem;
                list.Add(new EnrichmentModelStatus(model.Name, model.DisplayName, model.Group, status, _options.Enabled && setting.Enabled,
                    setting.Path, loaded?.Provider, reason, p50, p95, _timings[model.Name].Count));
            }
            list.Add(Method(ImageQualityMethod, "Image quality: variance of the Laplacian, brightness, contrast", "image_quality"));
            list.Add(Method(VehicleColourMethod, "Vehicle colour: hue/value histogram of the crop", "vehicle"));
            list.AddRange(GroupsWithoutModel.Select(g => new EnrichmentModelStatus(g, g, g, "unavailable", false, null, null, NoModelHere, null, null, 0)));
            return list;
        }
    }

    private EnrichmentModelStatus Method(string name, string display, string group)
    {
        var (p50, p95) = _timings[name].Percentiles();
        return new EnrichmentModelStatus(name, display, group, _options.Enabled ? "loaded" : "unavailable", _options.Enabled, null, null,
            _options.Enabled ? null : "the enrichment stage is off (ENRICHMENT_ENABLED=false)", p50, p95, _timings[name].Count);
    }

    private void Load(EnrichmentModelDescriptor model, string path, ILogger? logger)
    {
        try
        {
            var (sessionOptions, provider) = OnnxDetector.CreateSessionOptions(_options.Device, logger);
            InferenceSession session;
            using (sessionOptions) session = new InferenceSession(path, sessionOptions);
            _loaded[model.Name] = new LoadedEnrichmentModel(model, session, path, VersionOf(path, session), provider);
            logger?.LogInformation("Enrichment model {Model} loaded from {Path} on {Provider}", model.Name, path, provider);
        }
        catch (Exception ex)
        {
            _problems[model.Name] = ("error", $"{path} does not load: {ex.Message}");
            logger?.LogError("Enrichment model {Model} unavailable: {Reason}", model.Name, _problems[model.Name].Reason);
        }
    }

    private static string VersionOf(string path, InferenceSession session)
    {
        using var stream = File.OpenRead(path);
        return OnnxDetector.VersionLabel(session.ModelMetadata.Version, Convert.ToHexStringLower(SHA256.HashData(stream))[..12]);
    }

    public void Dispose()
    {
        foreach (var model in _loaded.Values) model.Session.Dispose();
        _loaded.Clear();
    }
}
