namespace Hsi.Inference.Detection;

public enum DetectorDevice { Auto, Cpu, Cuda }

/// <summary>
/// DETECTOR_* settings (SPEC.md §5), and MAX_IMAGE_PIXELS: larger pictures are refused before decoding.
/// The confidence threshold is not here: it can change at run time, so it comes with each call.
/// </summary>
public sealed record DetectorOptions(
    string ModelPath,
    ModelFamily? Family = null,
    DetectorDevice Device = DetectorDevice.Auto,
    float NmsIoU = Nms.DefaultIoU,
    long MaxImagePixels = ImageDecoding.DefaultMaxPixels)
{
    public static DetectorDevice ParseDevice(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => DetectorDevice.Auto,
        "cpu" => DetectorDevice.Cpu,
        "cuda" or "gpu" => DetectorDevice.Cuda,
        _ => throw new ArgumentException($"DETECTOR_DEVICE '{value}' is not one of auto, cpu, cuda"),
    };
}

/// <summary>What is loaded: reported by health and metrics, and recorded with every analysis.</summary>
public sealed record ModelInfo(string Name, string Version, ModelFamily Family, string Provider, int InputWidth, int InputHeight, string Path);
