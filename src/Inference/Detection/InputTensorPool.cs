using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Hsi.Inference.Detection;

/// <summary>
/// A model input tensor (and, when the model's output shape is fixed, its output tensor) kept
/// between runs: the 2 MB CHW buffer is pinned once and bound to ONNX Runtime once, instead of
/// being rented, pinned and wrapped for every picture.
/// </summary>
internal sealed class InputTensor : IDisposable
{
    private readonly float[] _input;
    private readonly float[]? _output;

    public InputTensor(int width, int height, long[] outputShape)
    {
        _input = GC.AllocateUninitializedArray<float>(3 * width * height, pinned: true);
        Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(), [1, 3, height, width]);
        if (outputShape.Length > 0 && outputShape.All(d => d > 0))
        {
            _output = GC.AllocateUninitializedArray<float>((int)outputShape.Aggregate(1L, (a, d) => a * d), pinned: true);
            Output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(), outputShape);
        }
    }

    public Span<float> Input => _input;

    public OrtValue Value { get; }

    /// <summary>Null when the model's output shape depends on the input: ONNX Runtime then allocates it per run.</summary>
    public OrtValue? Output { get; }

    public void Dispose()
    {
        Value.Dispose();
        Output?.Dispose();
    }
}

/// <summary>The idle <see cref="InputTensor"/>s of one detector; more are made when all are in use, extras are freed.</summary>
internal sealed class InputTensorPool(int width, int height, long[] outputShape) : IDisposable
{
    // Enough for every run at once and the pictures decoded ahead of them.
    private static readonly int KeepIdle = 2 * Environment.ProcessorCount + 2;
    private readonly ConcurrentBag<InputTensor> _idle = [];
    private volatile bool _disposed;

    public InputTensor Rent() => _idle.TryTake(out var tensor) ? tensor : new InputTensor(width, height, outputShape);

    public void Return(InputTensor tensor)
    {
        if (_disposed || _idle.Count >= KeepIdle) tensor.Dispose();
        else _idle.Add(tensor);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var tensor)) tensor.Dispose();
    }
}

/// <summary>
/// A picture decoded into a detector's input tensor, waiting for <see cref="OnnxDetector.Run"/>.
/// Dispose it if it will not be run, so the tensor goes back to the detector.
/// </summary>
public sealed class PreparedImage : IDisposable
{
    private readonly OnnxDetector _owner;
    private InputTensor? _tensor;

    internal PreparedImage(OnnxDetector owner, InputTensor tensor, LetterboxGeometry geometry, double preprocessMs, byte[] thumbnail)
    {
        _owner = owner;
        _tensor = tensor;
        Geometry = geometry;
        PreprocessMs = preprocessMs;
        Thumbnail = thumbnail;
    }

    /// <summary>The grey thumbnail of the decoded picture (<see cref="GreyThumbnail"/>).</summary>
    public byte[] Thumbnail { get; }

    public LetterboxGeometry Geometry { get; }

    public double PreprocessMs { get; }

    internal InputTensor Take() => Interlocked.Exchange(ref _tensor, null)
        ?? throw new InvalidOperationException("this picture has already been run or disposed");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _tensor, null) is { } tensor) _owner.ReturnTensor(tensor);
    }
}
