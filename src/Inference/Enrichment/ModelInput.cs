using System.Buffers;
using System.Numerics;
using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// A model's input tensor filled straight from a crop (the detector's bilinear resampler, <see cref="Letterbox.Fill"/>)
/// in a pooled buffer: no intermediate bitmap, and no allocation per crop once the pool is warm.
/// </summary>
internal sealed class ModelInput : IDisposable
{
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f], ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly float[] _buffer;
    private readonly int _length;

    public int Width { get; }
    public int Height { get; }
    public LetterboxGeometry Geometry { get; }
    public OrtValue Value { get; }

    public ModelInput(SKBitmap crop, int width, int height, Preprocessing prep)
    {
        (Width, Height, _length) = (width, height, 3 * width * height);
        _buffer = ArrayPool<float>.Shared.Rent(_length);
        Geometry = Letterbox.Fill(crop, width, height, prep, _buffer.AsSpan(0, _length));
        Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _buffer.AsMemory(0, _length), [1, 3, height, width]);
    }

    public Span<float> Data => _buffer.AsSpan(0, _length);

    /// <summary>v = (v · scale − mean[c]) / std[c] per channel plane, for inputs filled at 0–255.</summary>
    public ModelInput Normalize(float scale, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        var plane = Width * Height;
        for (var c = 0; c < 3; c++)
        {
            var span = Data.Slice(c * plane, plane);
            var (k, b) = (scale / std[c], -mean[c] / std[c]);
            var x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var (vk, vb) = (new Vector<float>(k), new Vector<float>(b));
                for (; x <= span.Length - Vector<float>.Count; x += Vector<float>.Count)
                    (new Vector<float>(span[x..]) * vk + vb).CopyTo(span[x..]);
            }
            for (; x < span.Length; x++) span[x] = span[x] * k + b;
        }
        return this;
    }

    /// <summary>Runs <paramref name="session"/> on this input; the outputs are the caller's to dispose.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, IReadOnlyList<string> outputNames)
    {
        using var options = new RunOptions();
        return session.Run(options, [session.InputMetadata.Keys.First()], [Value], outputNames);
    }

    public void Dispose()
    {
        Value.Dispose();
        ArrayPool<float>.Shared.Return(_buffer);
    }
}
