using System.Text;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;

namespace Hsi.Api.Features.AiAudit.Redetect;

/// <summary>
/// Which model files a detector replay may load: only <c>.onnx</c> files in the folder of DETECTOR_MODEL_PATH
/// (or below it), so a client can name another model but never make the API open an arbitrary file.
/// The file is opened as a camera file is (links only while they stay inside, regular files only), and
/// the path used is where it really is.
/// </summary>
public sealed class ReplayModels(DetectorHost detectors)
{
    /// <summary>Larger files are not models anyone means to run here.</summary>
    public const long MaxModelBytes = 2L << 30;

    public DetectorOptions Configured => detectors.Options;

    public string Folder => Path.GetDirectoryName(Path.GetFullPath(detectors.Options.ModelPath))!;

    /// <summary>The model file to load: the configured one, or <paramref name="modelPath"/> (a name or a path inside <see cref="Folder"/>).</summary>
    public (string? Path, string? Error) Resolve(string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(modelPath)) return (Path.GetFullPath(detectors.Options.ModelPath), null);
        if (!modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return (null, "model_path must name an .onnx file");
        var candidate = Path.GetFullPath(modelPath, Folder);
        if (TooLong(candidate) is { } tooLong) return (null, tooLong);
        try
        {
            using var file = new CameraFileAccess(Folder, MaxModelBytes).Open(candidate);
            return file.RealPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
                ? (file.RealPath, null)
                : (null, "model_path must name an .onnx file");
        }
        catch (CameraFileRefusedException ex)
        {
            return (null, ex.Problem switch
            {
                CameraFileProblem.Missing => $"model_path: no such model in {Folder}",
                CameraFileProblem.OutsideRoot => $"model_path must be inside the models folder {Folder}",
                _ => $"model_path: {ex.Message}",
            });
        }
        catch (IOException ex)
        {
            // Whatever else the file system refuses is the client's path, not a server fault.
            return (null, $"model_path cannot be opened: {ex.Message}");
        }
    }

    /// <summary>Linux's NAME_MAX and PATH_MAX, in UTF-8 bytes: longer paths fail in open() with ENAMETOOLONG.</summary>
    private const int MaxNameBytes = 255, MaxPathBytes = 4096;

    private static string? TooLong(string fullPath)
    {
        if (Encoding.UTF8.GetByteCount(fullPath) >= MaxPathBytes) return $"model_path is too long: the full path is over {MaxPathBytes - 1} bytes";
        return fullPath.Split(Path.DirectorySeparatorChar).Any(name => Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            ? $"model_path is too long: a file or folder name is over {MaxNameBytes} bytes"
            : null;
    }

    /// <summary>
    /// The detector options of a replay: the configured ones, with what the request changes. With no family
    /// given, the configured model keeps the configured family; another model's is recognised from its output.
    /// </summary>
    public DetectorOptions OptionsFor(string path, ModelFamily? family)
    {
        var configured = detectors.Options;
        var sameModel = path == Path.GetFullPath(configured.ModelPath);
        return configured with
        {
            ModelPath = path,
            Family = family ?? (sameModel ? configured.Family : null),
        };
    }
}
