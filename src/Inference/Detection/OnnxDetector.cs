using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Time spent per stage of one detection, in milliseconds.</summary>
public sealed record DetectionTimings(double PreprocessMs, double InferenceMs, double PostprocessMs);

public sealed record DetectionResult(IReadOnlyList<DetectedObject> Objects, DetectionTimings Timings);

/// <summary>
/// One ONNX Runtime session for one model: letterbox, run, decode, NMS, map back to original pixels.
/// Safe to share between threads.
/// </summary>
public sealed class OnnxDetector : IDisposable
{
    public const string CudaRuntimeLibrary = "libcudart.so.13";

    private readonly InferenceSession _session;
    private readonly DetectorOptions _options;
    private readonly Preprocessing _prep;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly long[] _outputShape;

    public ModelInfo Model { get; }

    /// <summary>Pictures (and clip frames) larger than this are refused, not decoded.</summary>
    public long MaxImagePixels => _options.MaxImagePixels;

    public OnnxDetector(DetectorOptions options, ILogger? logger = null)
    {
        _options = options;
        if (!File.Exists(options.ModelPath))
            throw new FileNotFoundException($"Detector model not found at {Path.GetFullPath(options.ModelPath)}", options.ModelPath);

        var (sessionOptions, provider) = CreateSessionOptions(options.Device, logger);
        using (sessionOptions)
        {
            _session = new InferenceSession(options.ModelPath, sessionOptions);
        }

        var input = _session.InputMetadata.Single();
        var output = _session.OutputMetadata.First();
        _inputName = input.Key;
        _outputName = output.Key;
        var inputDims = input.Value.Dimensions;
        var (height, width) = (inputDims.Length == 4 && inputDims[2] > 0 ? inputDims[2] : 640, inputDims.Length == 4 && inputDims[3] > 0 ? inputDims[3] : 640);
        _outputShape = output.Value.Dimensions.Select(d => (long)d).ToArray();

        var family = options.Family ?? ModelFamilies.FromOutputShape(_outputShape);
        _prep = Preprocessing.For(family);
        Model = new ModelInfo(
            Path.GetFileNameWithoutExtension(options.ModelPath),
            VersionOf(options.ModelPath, _session),
            family, provider, width, height, Path.GetFullPath(options.ModelPath));
        logger?.LogInformation("Detector loaded {Model} ({Family}, {Width}x{Height}) on {Provider}",
            Model.Name, family, width, height, provider);
    }

    /// <summary>Detects objects in an encoded image (JPEG/PNG bytes). Throws <see cref="MediaUnreadableException"/> if it does not decode or is too large.</summary>
    /// <param name="minConfidence">The confidence threshold in force (it can change at run time); the configured one when null.</param>
    public DetectionResult Detect(ReadOnlySpan<byte> encoded, float? minConfidence = null)
    {
        var watch = Stopwatch.StartNew();
        using var bitmap = ImageDecoding.Decode(encoded, Model.InputWidth, Model.InputHeight, _options.MaxImagePixels, out var original);
        return Detect(bitmap, original, watch, minConfidence ?? _options.ConfidenceThreshold);
    }

    public DetectionResult Detect(SKBitmap image) =>
        Detect(image, new SKSizeI(image.Width, image.Height), Stopwatch.StartNew(), _options.ConfidenceThreshold);

    /// <param name="original">The picture's real size, when <paramref name="image"/> was decoded smaller.</param>
    private DetectionResult Detect(SKBitmap image, SKSizeI original, Stopwatch watch, float minConfidence)
    {
        var (w, h) = (Model.InputWidth, Model.InputHeight);
        var length = 3 * w * h;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var geometry = Letterbox.Fill(image, w, h, _prep, buffer.AsSpan(0, length)).ForOriginal(original.Width, original.Height);
            var preprocess = watch.Elapsed.TotalMilliseconds;

            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, length), [1, 3, h, w]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [_inputName], [inputValue], [_outputName]);
            var inference = watch.Elapsed.TotalMilliseconds;

            var outputValue = outputs[0];
            var shape = outputValue.GetTensorTypeAndShape().Shape;
            var candidates = OutputDecoders.Decode(Model.Family, outputValue.GetTensorDataAsSpan<float>(), shape, w, h, minConfidence);
            var objects = Nms.PerClass(candidates, _options.NmsIoU)
                .Select(c =>
                {
                    var (x, y, bw, bh) = geometry.ToOriginal(c.X1, c.Y1, c.X2, c.Y2);
                    return new DetectedObject(CocoClasses.Names[c.ClassId], c.Score, x, y, bw, bh);
                })
                .Where(o => o.Width > 0 && o.Height > 0)
                .ToList();
            var total = watch.Elapsed.TotalMilliseconds;
            InferenceThroughput.Record(total);
            return new DetectionResult(objects, new DetectionTimings(preprocess, inference - preprocess, total - inference));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// CPU, or CUDA when asked for (or auto) and its runtime loads. The CUDA libraries are probed
    /// first: appending the provider without them throws, and GetAvailableProviders lists CUDA
    /// even on machines without a GPU.
    /// </summary>
    public static (SessionOptions Options, string Provider) CreateSessionOptions(DetectorDevice device, ILogger? logger = null)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // One thread per run, several runs at once (the analysis queue's parallelism): on a
            // 2-core machine that is ~2.8x the throughput of one run spread over both cores.
            IntraOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (device == DetectorDevice.Cpu) return (options, "CPUExecutionProvider");

        var cudaPresent = NativeLibrary.TryLoad(CudaRuntimeLibrary, out var handle);
        if (cudaPresent) NativeLibrary.Free(handle);
        if (!cudaPresent)
        {
            if (device == DetectorDevice.Cuda)
            {
                options.Dispose();
                throw new DetectorDeviceException(
                    $"DETECTOR_DEVICE=cuda but the CUDA 13 runtime ({CudaRuntimeLibrary}) cannot be loaded; install CUDA 13 and cuDNN 9, or use DETECTOR_DEVICE=auto or cpu");
            }
            logger?.LogInformation("No CUDA runtime ({Library}) found; detector runs on CPU", CudaRuntimeLibrary);
            return (options, "CPUExecutionProvider");
        }
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return (options, "CUDAExecutionProvider");
        }
        catch (OnnxRuntimeException ex) when (device == DetectorDevice.Auto)
        {
            logger?.LogWarning("CUDA runtime found but the CUDA provider did not load ({Error}); detector runs on CPU", ex.Message);
            return (options, "CPUExecutionProvider");
        }
        catch (OnnxRuntimeException ex)
        {
            options.Dispose();
            throw new DetectorDeviceException($"DETECTOR_DEVICE=cuda but the CUDA provider did not load: {ex.Message}", ex);
        }
    }

    private static string VersionOf(string path, InferenceSession session)
    {
        using var stream = File.OpenRead(path);
        var digest = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        var meta = session.ModelMetadata;
        return meta.Version > 0 ? $"{meta.Version}+sha256.{digest}" : $"sha256.{digest}";
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>The model file is there but the detector cannot be built from it.</summary>
public sealed class DetectorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The configured device cannot be used (DETECTOR_DEVICE=cuda without CUDA): a configuration error.</summary>
public sealed class DetectorDeviceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The file can never be analysed (corrupt, truncated, not an image): reject it, do not retry.</summary>
public sealed class MediaUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
