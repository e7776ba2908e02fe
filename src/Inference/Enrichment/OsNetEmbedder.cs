using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// OSNet x0.25 (MSMT17) on a person crop stretched to 128×256 (width × height), RGB, ImageNet mean/std on 0–1 →
/// a 512-d feature, L2-normalised here so two embeddings compare by their dot product (cosine).
/// </summary>
public sealed class OsNetEmbedder(InferenceSession session)
{
    public const int InputWidth = 128, InputHeight = 256;
    private static readonly Preprocessing Prep = new(Placement.Stretch, Bgr: false, Scale: 1f);
    private readonly string[] _outputNames = [session.OutputMetadata.Keys.First()];

    public float[] Embed(SKBitmap crop)
    {
        using var input = new ModelInput(crop, InputWidth, InputHeight, Prep).Normalize(1f / 255f, ModelInput.ImageNetMean, ModelInput.ImageNetStd);
        using var outputs = input.Run(session, _outputNames);
        var vector = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
