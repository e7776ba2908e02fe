using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Hsi.Inference.Media;
using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Time spent per stage of one detection, in milliseconds.</summary>
public sealed record DetectionTimings(double PreprocessMs, double InferenceMs, double PostprocessMs);

/// <param name="ImageWidth">The picture's own width in pixels, which the boxes are in.</param>
public sealed record DetectionResult(IReadOnlyList<DetectedObject> Objects, DetectionTimings Timings, int ImageWidth, int ImageHeight)
{
    /// <summary>The picture's grey thumbnail for the scene check, made from the decode the detector did anyway.</summary>
    public byte[]? Thumbnail { get; init; }
}

/// <summary>One picture of <see cref="OnnxDetector.DetectAllAsync{T}"/>: its result, or why it has none.</summary>
public sealed record DetectionOutcome<T>(T Item, DetectionResult? Result, Exception? Error);

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
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _outputShape;
    private readonly InputTensorPool _tensors;
    private static long _sessionsLoaded;
    private static long _sessionsOpen;
    private int _disposed;

    /// <summary>
    /// Sessions this process has loaded, and of those the ones not yet disposed. Each holds the model's
    /// weights and arenas in native memory, so one more than the configured model needs is worth seeing.
    /// </summary>
    public static long SessionsLoaded => Interlocked.Read(ref _sessionsLoaded);

    /// <inheritdoc cref="SessionsLoaded"/>
    public static long SessionsOpen => Interlocked.Read(ref _sessionsOpen);

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
        try
        {
            var input = _session.InputMetadata.Single();
            var output = _session.OutputMetadata.First();
            _inputNames = [input.Key];
            _outputNames = [output.Key];
            var inputDims = input.Value.Dimensions;
            var (height, width) = (inputDims.Length == 4 && inputDims[2] > 0 ? inputDims[2] : 640, inputDims.Length == 4 && inputDims[3] > 0 ? inputDims[3] : 640);
            _outputShape = output.Value.Dimensions.Select(d => (long)d).ToArray();

            var family = options.Family ?? ModelFamilies.FromOutputShape(_outputShape);
            _prep = Preprocessing.For(family);
            Model = new ModelInfo(
                Path.GetFileNameWithoutExtension(options.ModelPath),
                VersionOf(options.ModelPath, _session),
                family, provider, width, height, Path.GetFullPath(options.ModelPath));
            _tensors = new InputTensorPool(width, height, _outputShape);
        }
        catch
        {
            // A model that loads but cannot be used (an output of no known family) must not keep its session.
            _session.Dispose();
            throw;
        }
        Interlocked.Increment(ref _sessionsLoaded);
        Interlocked.Increment(ref _sessionsOpen);
        logger?.LogInformation("Detector loaded {Model} ({Family}, {Width}x{Height}) on {Provider}",
            Model.Name, Model.Family, Model.InputWidth, Model.InputHeight, provider);
    }

    /// <summary>Detects objects in an encoded image (JPEG/PNG bytes). Throws <see cref="MediaUnreadableException"/> if it does not decode or is too large.</summary>
    /// <param name="minConfidence">The confidence threshold in force (it can change at run time).</param>
    public DetectionResult Detect(ReadOnlySpan<byte> encoded, float minConfidence) => Run(Prepare(encoded), minConfidence);

    public DetectionResult Detect(SKBitmap image, float minConfidence) =>
        Run(Prepare(image, new SKSizeI(image.Width, image.Height), Stopwatch.StartNew(), ThreadCpuClock.NowSeconds()), minConfidence);

    /// <summary>
    /// Decodes and letterboxes a picture into one of the detector's reusable input tensors, ready
    /// for <see cref="Run"/>. Throws <see cref="MediaUnreadableException"/> if it does not decode or is too large.
    /// </summary>
    public PreparedImage Prepare(ReadOnlySpan<byte> encoded)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), ThreadCpuClock.NowSeconds());
        using var bitmap = ImageDecoding.Decode(encoded, Model.InputWidth, Model.InputHeight, _options.MaxImagePixels, out var original);
        return Prepare(bitmap, original, watch, cpu);
    }

    /// <param name="original">The picture's real size, when <paramref name="image"/> was decoded smaller.</param>
    private PreparedImage Prepare(SKBitmap image, SKSizeI original, Stopwatch watch, double cpuStart)
    {
        var tensor = _tensors.Rent();
        try
        {
            var geometry = Letterbox.Fill(image, Model.InputWidth, Model.InputHeight, _prep, tensor.Input).ForOriginal(original.Width, original.Height);
            var thumbnail = GreyThumbnail.Of(image);
            PipelineMetrics.DetectorCpu.WithLabels("decode").Inc(ThreadCpuClock.NowSeconds() - cpuStart);
            return new PreparedImage(this, tensor, geometry, watch.Elapsed.TotalMilliseconds, thumbnail);
        }
        catch
        {
            _tensors.Return(tensor);
            throw;
        }
    }

    /// <summary>Runs the model on a prepared picture (and gives its tensor back), then decodes, NMS, maps to original pixels.</summary>
    /// <param name="minConfidence">The confidence threshold in force.</param>
    public DetectionResult Run(PreparedImage image, float minConfidence)
    {
        var tensor = image.Take();
        try
        {
            var (w, h) = (Model.InputWidth, Model.InputHeight);
            var (watch, cpu) = (Stopwatch.StartNew(), ThreadCpuClock.NowSeconds());
            using var runOptions = new RunOptions();
            IDisposableReadOnlyCollection<OrtValue>? allocated = null;
            if (tensor.Output is { } output) _session.Run(runOptions, _inputNames, [tensor.Value], _outputNames, [output]);
            else allocated = _session.Run(runOptions, _inputNames, [tensor.Value], _outputNames);
            using var _ = allocated;
            var inference = watch.Elapsed.TotalMilliseconds;
            var afterRun = ThreadCpuClock.NowSeconds();

            var outputValue = tensor.Output ?? allocated![0];
            var shape = outputValue.GetTensorTypeAndShape().Shape;
            var candidates = OutputDecoders.Decode(Model.Family, outputValue.GetTensorDataAsSpan<float>(), shape, w, h, minConfidence);
            var objects = Nms.PerClass(candidates, _options.NmsIoU)
                .Select(c =>
                {
                    var (x, y, bw, bh) = image.Geometry.ToOriginal(c.X1, c.Y1, c.X2, c.Y2);
                    return new DetectedObject(CocoClasses.Names[c.ClassId], c.Score, x, y, bw, bh);
                })
                .Where(o => o.Width > 0 && o.Height > 0)
                .ToList();
            var total = watch.Elapsed.TotalMilliseconds;
            InferenceThroughput.Record(image.PreprocessMs + total);
            PipelineMetrics.DetectorCpu.WithLabels("inference").Inc(afterRun - cpu);
            PipelineMetrics.DetectorCpu.WithLabels("postprocess").Inc(ThreadCpuClock.NowSeconds() - afterRun);
            return new DetectionResult(objects, new DetectionTimings(image.PreprocessMs, inference, total - inference),
                image.Geometry.OriginalWidth, image.Geometry.OriginalHeight) { Thumbnail = image.Thumbnail };
        }
        finally
        {
            _tensors.Return(tensor);
        }
    }

    /// <summary>
    /// Detects objects in several pictures, decoding the next while the model runs on the current
    /// one. At most <paramref name="readAhead"/> prepared pictures wait, so memory stays flat
    /// however many are asked for. Results come in the order of <paramref name="items"/>; a picture
    /// that cannot be read or decoded yields its exception, not the end of the others.
    /// </summary>
    public async IAsyncEnumerable<DetectionOutcome<T>> DetectAllAsync<T>(
        IReadOnlyList<T> items, Func<T, CancellationToken, Task<PooledBytes>> read, float minConfidence, int readAhead = 2,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var prepared = Channel.CreateBounded<(T Item, PreparedImage? Image, Exception? Error)>(
            new BoundedChannelOptions(readAhead) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in items)
                {
                    (T, PreparedImage?, Exception?) next;
                    try
                    {
                        using var bytes = await read(item, ct);
                        next = (item, Prepare(bytes.Span), null);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException) { next = (item, null, ex); }
                    await prepared.Writer.WriteAsync(next, ct);
                }
                prepared.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                prepared.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var (item, image, error) in prepared.Reader.ReadAllAsync(ct))
            {
                if (image is null)
                {
                    yield return new DetectionOutcome<T>(item, null, error);
                    continue;
                }
                DetectionOutcome<T> outcome;
                try { outcome = new DetectionOutcome<T>(item, Run(image, minConfidence), null); }
                catch (Exception ex) when (ex is not OperationCanceledException) { outcome = new DetectionOutcome<T>(item, null, ex); }
                yield return outcome;
            }
        }
        finally
        {
            // Abandoned early (cancelled, or the caller stopped): give back what was prepared.
            prepared.Writer.TryComplete();
            while (prepared.Reader.TryRead(out var left)) left.Image?.Dispose();
            await producer.ConfigureAwait(false);
            while (prepared.Reader.TryRead(out var left)) left.Image?.Dispose();
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
        return VersionLabel(session.ModelMetadata.Version, digest);
    }

    /// <summary>
    /// The model's own version with the file's digest, or the digest alone when the model sets none:
    /// ONNX Runtime reports an unset model_version as long.MaxValue, which is no version anyone gave.
    /// </summary>
    public static string VersionLabel(long modelVersion, string digest) =>
        modelVersion is > 0 and < long.MaxValue ? $"{modelVersion}+sha256.{digest}" : $"sha256.{digest}";

    internal void ReturnTensor(InputTensor tensor) => _tensors.Return(tensor);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _session.Dispose();
        _tensors.Dispose();
        Interlocked.Decrement(ref _sessionsOpen);
    }
}

/// <summary>The model file is there but the detector cannot be built from it.</summary>
public sealed class DetectorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The configured device cannot be used (DETECTOR_DEVICE=cuda without CUDA): a configuration error.</summary>
public sealed class DetectorDeviceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The file can never be analysed (corrupt, truncated, not an image): reject it, do not retry.</summary>
public sealed class MediaUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
