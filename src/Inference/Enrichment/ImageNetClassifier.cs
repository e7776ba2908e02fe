using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// MobileNetV2 (ImageNet-1k, int8) on a crop stretched to 224×224, RGB, ImageNet mean/std on 0–1 → 1,000 logits,
/// softmaxed here. The labels are the lines of <c>imagenet_labels.txt</c> (class index = line number from 0).
/// </summary>
public sealed class ImageNetClassifier
{
    public const int InputSize = 224;

    /// <summary>ImageNet's dog breeds are classes 151 (Chihuahua) to 268 (Mexican hairless); its domestic cats 281 (tabby) to 285 (Egyptian cat).</summary>
    public static readonly Range DogClasses = 151..269, CatClasses = 281..286;

    private static readonly Preprocessing Prep = new(Placement.Stretch, Bgr: false, Scale: 1f);
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    public IReadOnlyList<string> Labels { get; }

    public ImageNetClassifier(InferenceSession session, string labelsPath)
    {
        _session = session;
        Labels = File.ReadAllLines(labelsPath).Select(l => l.Trim()).ToArray();
        if (Labels.Count != 1000) throw new InvalidDataException($"{labelsPath} has {Labels.Count} labels, not ImageNet's 1,000");
        _outputNames = [session.OutputMetadata.Keys.First()];
    }

    /// <summary>The 1,000 class probabilities of the crop.</summary>
    public float[] Classify(SKBitmap crop)
    {
        using var input = new ModelInput(crop, InputSize, InputSize, Prep).Normalize(1f / 255f, ModelInput.ImageNetMean, ModelInput.ImageNetStd);
        using var outputs = input.Run(_session, _outputNames);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var probabilities = new float[logits.Length];
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++) sum += probabilities[i] = MathF.Exp(logits[i] - max);
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] /= sum;
        return probabilities;
    }

    /// <summary>The most probable class within <paramref name="classes"/> (all when null).</summary>
    public (int Index, string Label, float Probability) Best(float[] probabilities, Range? classes = null)
    {
        var (start, length) = (classes ?? Range.All).GetOffsetAndLength(probabilities.Length);
        var best = start;
        for (var i = start; i < start + length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return (best, Labels[best], probabilities[best]);
    }
}
