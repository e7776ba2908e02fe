using Hsi.Inference.Detection;

namespace Hsi.Inference.Enrichment;

/// <summary>One enrichment model the stage knows: its registry name, the group it fills and its default file.</summary>
/// <param name="CompanionFile">A file the model cannot be used without (labels, the recogniser's alphabet), next to the model file.</param>
public sealed record EnrichmentModelDescriptor(string Name, string DisplayName, string Group, string FileName, string? CompanionFile = null)
{
    /// <summary>The prefix of this model's settings: ENRICHMENT_&lt;NAME&gt;_ENABLED and ENRICHMENT_&lt;NAME&gt;_PATH.</summary>
    public string SettingPrefix => $"ENRICHMENT_{Name.ToUpperInvariant()}";
}

/// <summary>Whether a model is switched on, and where its file is.</summary>
public sealed record EnrichmentModelSetting(bool Enabled, string Path);

/// <summary>
/// ENRICHMENT_* settings: <c>ENRICHMENT_ENABLED</c> (default true) turns the whole stage off;
/// <c>ENRICHMENT_MODEL_DIR</c> (default <c>models/enrichment</c>, where <c>ops/fetch-model</c> puts them) holds the files;
/// per model <c>ENRICHMENT_&lt;NAME&gt;_ENABLED</c> (default true) and <c>ENRICHMENT_&lt;NAME&gt;_PATH</c> (default the
/// directory and the model's file name). The device is the detector's (DETECTOR_DEVICE), with its session options.
/// </summary>
public sealed record EnrichmentOptions(
    bool Enabled, string ModelDirectory, DetectorDevice Device, IReadOnlyDictionary<string, EnrichmentModelSetting> Models)
{
    public const string DefaultModelDirectory = "models/enrichment";

    public static readonly EnrichmentModelDescriptor YuNet = new("yunet", "YuNet face detector (2023mar, dynamic input)", "face", "yunet_s_dynamic.onnx");
    public static readonly EnrichmentModelDescriptor LpdYuNet =
        new("lpd_yunet", "LPD-YuNet licence-plate detector (int8)", "license_plate", "license_plate_detection_lpd_yunet_2023mar_int8.onnx");
    public static readonly EnrichmentModelDescriptor PpOcrRec =
        new("ppocr_rec", "PP-OCRv4 text recogniser (CTC)", "license_plate", "ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt");
    public static readonly EnrichmentModelDescriptor MobileNetV2 =
        new("mobilenetv2", "MobileNetV2 ImageNet classifier (int8): pet breed, vehicle type", "pet", "mobilenetv2-12-int8.onnx", "imagenet_labels.txt");
    public static readonly EnrichmentModelDescriptor OsNet =
        new("osnet", "OSNet x0.25 person re-identification (MSMT17)", "embedding", "osnet_x0_25_msmt17.onnx");

    /// <summary>Every ONNX model of the stage, in the order <c>/api/system/models</c> lists them.</summary>
    public static IReadOnlyList<EnrichmentModelDescriptor> Catalogue { get; } = [YuNet, LpdYuNet, PpOcrRec, MobileNetV2, OsNet];

    /// <summary>Every model at its default place under <paramref name="modelDirectory"/>, all enabled.</summary>
    public static EnrichmentOptions Default(string modelDirectory, DetectorDevice device = DetectorDevice.Auto) =>
        Read(key => key == "ENRICHMENT_MODEL_DIR" ? modelDirectory : null, Environment.CurrentDirectory, device);

    /// <summary>Reads the settings through <paramref name="setting"/> (environment or configuration); relative paths are under <paramref name="baseDirectory"/>.</summary>
    public static EnrichmentOptions Read(Func<string, string?> setting, string baseDirectory, DetectorDevice device)
    {
        var directory = Path.GetFullPath(Text(setting, "ENRICHMENT_MODEL_DIR") ?? DefaultModelDirectory, baseDirectory);
        var models = Catalogue.ToDictionary(
            m => m.Name,
            m => new EnrichmentModelSetting(
                Flag(setting, $"{m.SettingPrefix}_ENABLED", true),
                Path.GetFullPath(Text(setting, $"{m.SettingPrefix}_PATH") ?? m.FileName, directory)));
        return new EnrichmentOptions(Flag(setting, "ENRICHMENT_ENABLED", true), directory, device, models);
    }

    /// <summary>The same options with one model's file elsewhere (or disabled).</summary>
    public EnrichmentOptions With(string model, EnrichmentModelSetting value) =>
        this with { Models = new Dictionary<string, EnrichmentModelSetting>(Models) { [model] = value } };

    private static string? Text(Func<string, string?> setting, string key) => setting(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static bool Flag(Func<string, string?> setting, string key, bool fallback) => Text(setting, key)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw new ArgumentException($"{key} '{other}' is not true or false"),
    };
}
