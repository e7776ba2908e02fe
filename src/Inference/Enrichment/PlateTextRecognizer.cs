using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>What the recogniser read: the raw text, and each character's probability.</summary>
public sealed record RecognizedText(string RawText, IReadOnlyList<(char Character, float Probability)> Characters)
{
    /// <summary>Latin plates: upper-cased, <c>[A-Z0-9]</c> kept.</summary>
    public string LatinText => new(Characters.Select(c => char.ToUpperInvariant(c.Character)).Where(IsLatin).ToArray());

    /// <summary>The mean probability of the characters kept in <see cref="LatinText"/>; null when none is.</summary>
    public double? LatinConfidence
    {
        get
        {
            var kept = Characters.Where(c => IsLatin(char.ToUpperInvariant(c.Character))).ToList();
            return kept.Count == 0 ? null : kept.Average(c => (double)c.Probability);
        }
    }

    private static bool IsLatin(char c) => c is >= 'A' and <= 'Z' or >= '0' and <= '9';
}

/// <summary>
/// PP-OCRv4 rec on a text region: height 48, width keeping the aspect and padded to at least 320 (as PaddleOCR does),
/// BGR, (v/255 − 0.5)/0.5 → [1, W/8, 6625] probabilities; CTC greedy decode: 0 is the blank, 1..6623 the lines of
/// <c>ppocr_keys_v1.txt</c>, 6624 a space; repeats and blanks dropped.
/// </summary>
public sealed class PlateTextRecognizer
{
    public const int InputHeight = 48, MinInputWidth = 320, MaxInputWidth = 640;
    private static readonly Preprocessing Prep = new(Placement.TopLeft, Bgr: true, Scale: 1f, PadValue: 128);
    private static readonly float[] Half = [0.5f, 0.5f, 0.5f];
    private readonly InferenceSession _session;
    private readonly string[] _alphabet;
    private readonly string[] _outputNames;

    public PlateTextRecognizer(InferenceSession session, string keysPath)
    {
        _session = session;
        var keys = File.ReadAllLines(keysPath);
        _alphabet = ["", .. keys, " "];
        _outputNames = [session.OutputMetadata.Keys.First()];
    }

    public RecognizedText Read(SKBitmap region)
    {
        var aspectWidth = (int)MathF.Ceiling(InputHeight * region.Width / (float)Math.Max(1, region.Height));
        var width = Math.Clamp((aspectWidth + 7) / 8 * 8, MinInputWidth, MaxInputWidth);
        using var input = new ModelInput(region, width, InputHeight, Prep).Normalize(1f / 255f, Half, Half);
        using var outputs = input.Run(_session, _outputNames);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var (steps, classes) = ((int)shape[1], (int)shape[2]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();

        var text = new System.Text.StringBuilder();
        var characters = new List<(char, float)>();
        var previous = 0;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous && best < _alphabet.Length)
            {
                var symbol = _alphabet[best];
                text.Append(symbol);
                foreach (var ch in symbol) characters.Add((ch, row[best]));
            }
            previous = best;
        }
        return new RecognizedText(text.ToString(), characters);
    }
}
