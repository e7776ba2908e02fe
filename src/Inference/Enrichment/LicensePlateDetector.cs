using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>A plate's four corners (in crop pixels, in the model's order) and its score.</summary>
public sealed record PlateQuad(SKPoint[] Corners, float Score)
{
    /// <summary>The axis-aligned rectangle around the corners.</summary>
    public SKRect Bounds => new(Corners.Min(p => p.X), Corners.Min(p => p.Y), Corners.Max(p => p.X), Corners.Max(p => p.Y));
}

/// <summary>
/// LPD-YuNet (2023mar, int8) on a vehicle crop stretched to its fixed 320×240 input, BGR 0–255. Priors: the feature maps
/// of the input at strides 8/16/32/64 (sizes halved with floor, as the reference does: 30×40, 15×20, 7×10, 3×5) with
/// minimum sizes {10,16,24}, {32,48}, {64,96}, {128,192,256}, centred at (j + 0.5)·step; 4,385 in all.
/// score = sqrt(conf[1]·clamp(iou, 0, 1)); corner k = prior centre + loc[4 + 2k .. 5 + 2k]·0.1·prior size. Then NMS 0.3.
/// </summary>
public sealed class LicensePlateDetector(InferenceSession session, float scoreThreshold = LicensePlateDetector.DefaultScoreThreshold)
{
    public const float DefaultScoreThreshold = 0.9f, NmsIoU = 0.3f, Variance = 0.1f;
    public const int InputWidth = 320, InputHeight = 240;
    private static readonly string[] OutputNames = ["loc", "conf", "iou"];
    private static readonly Preprocessing Prep = new(Placement.Stretch, Bgr: true, Scale: 1f);

    /// <summary>Per prior: centre x, centre y, width, height, in input pixels.</summary>
    public static readonly float[] Priors = MakePriors();

    public static int PriorCount => Priors.Length / 4;

    private static float[] MakePriors()
    {
        int[][] minSizes = [[10, 16, 24], [32, 48], [64, 96], [128, 192, 256]];
        int[] steps = [8, 16, 32, 64];
        var (h, w) = ((InputHeight + 1) / 2 / 2, (InputWidth + 1) / 2 / 2);
        var priors = new List<float>();
        for (var k = 0; k < steps.Length; k++)
        {
            (h, w) = (h / 2, w / 2);
            for (var i = 0; i < h; i++)
            for (var j = 0; j < w; j++)
            foreach (var size in minSizes[k])
                priors.AddRange([(j + 0.5f) * steps[k], (i + 0.5f) * steps[k], size, size]);
        }
        return priors.ToArray();
    }

    /// <summary>The plates found, best first.</summary>
    public IReadOnlyList<PlateQuad> Detect(SKBitmap crop)
    {
        using var input = new ModelInput(crop, InputWidth, InputHeight, Prep);
        using var outputs = input.Run(session, OutputNames);
        var loc = outputs[0].GetTensorDataAsSpan<float>();
        var conf = outputs[1].GetTensorDataAsSpan<float>();
        var iou = outputs[2].GetTensorDataAsSpan<float>();
        var count = Math.Min(PriorCount, iou.Length);
        var (sx, sy) = (input.Geometry.ScaleX, input.Geometry.ScaleY);

        var candidates = new List<Candidate>();
        var quads = new List<SKPoint[]>();
        for (var i = 0; i < count; i++)
        {
            var score = MathF.Sqrt(Math.Max(0, conf[2 * i + 1]) * Math.Clamp(iou[i], 0, 1));
            if (score < scoreThreshold) continue;
            var (cx, cy, pw, ph) = (Priors[4 * i], Priors[4 * i + 1], Priors[4 * i + 2], Priors[4 * i + 3]);
            var corners = new SKPoint[4];
            for (var k = 0; k < 4; k++)
                corners[k] = new SKPoint(
                    Math.Clamp((cx + loc[14 * i + 4 + 2 * k] * Variance * pw) / sx, 0, crop.Width),
                    Math.Clamp((cy + loc[14 * i + 5 + 2 * k] * Variance * ph) / sy, 0, crop.Height));
            // The candidate's class id carries the index of its corners through the NMS.
            candidates.Add(new Candidate(quads.Count, score,
                corners.Min(p => p.X), corners.Min(p => p.Y), corners.Max(p => p.X), corners.Max(p => p.Y)));
            quads.Add(corners);
        }
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<Candidate>();
        foreach (var c in candidates)
            if (kept.TrueForAll(k => k.IoU(c) <= NmsIoU)) kept.Add(c);
        return kept.Where(c => c.X2 > c.X1 && c.Y2 > c.Y1).Select(c => new PlateQuad(quads[c.ClassId], c.Score)).ToList();
    }
}
