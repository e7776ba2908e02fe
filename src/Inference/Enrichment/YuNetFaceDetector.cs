using Hsi.Inference.Detection;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>A face in crop pixels, with YuNet's score.</summary>
public readonly record struct Face(float X1, float Y1, float X2, float Y2, float Score);

/// <summary>
/// YuNet (2023mar, dynamic input) on a crop: BGR 0–255, no mean/std, the crop scaled to a longer side of at most
/// <see cref="MaxSide"/> (and at least <see cref="MinSide"/>) and padded to multiples of 32. Per stride 8/16/32 the grid
/// cell (row, col) scores sqrt(cls·obj), centred at ((col + dx)·s, (row + dy)·s), sized exp(dw)·s × exp(dh)·s; then NMS 0.3.
/// </summary>
public sealed class YuNetFaceDetector(InferenceSession session, float scoreThreshold = YuNetFaceDetector.DefaultScoreThreshold)
{
    public const float DefaultScoreThreshold = 0.7f, NmsIoU = 0.3f;
    public const int MaxSide = 640, MinSide = 160;
    private static readonly int[] Strides = [8, 16, 32];
    private static readonly string[] OutputNames =
        Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}" }).ToArray();
    private static readonly Preprocessing Prep = new(Placement.TopLeft, Bgr: true, Scale: 1f, PadValue: 0);

    public IReadOnlyList<Face> Detect(SKBitmap crop)
    {
        var longer = Math.Max(crop.Width, crop.Height);
        var scale = longer > MaxSide ? MaxSide / (float)longer : longer < MinSide ? MinSide / (float)longer : 1f;
        int RoundUp(float v) => Math.Max(32, (int)MathF.Ceiling(v / 32f) * 32);
        var (width, height) = (RoundUp(crop.Width * scale), RoundUp(crop.Height * scale));

        using var input = new ModelInput(crop, width, height, Prep);
        using var outputs = input.Run(session, OutputNames);
        var candidates = new List<Candidate>();
        for (var k = 0; k < Strides.Length; k++)
        {
            var stride = Strides[k];
            var (cols, rows) = (width / stride, height / stride);
            var cls = outputs[3 * k].GetTensorDataAsSpan<float>();
            var obj = outputs[3 * k + 1].GetTensorDataAsSpan<float>();
            var box = outputs[3 * k + 2].GetTensorDataAsSpan<float>();
            var cells = Math.Min(rows * cols, Math.Min(cls.Length, obj.Length));
            for (var i = 0; i < cells; i++)
            {
                var score = MathF.Sqrt(Math.Clamp(cls[i], 0, 1) * Math.Clamp(obj[i], 0, 1));
                if (score < scoreThreshold) continue;
                var (row, col) = Math.DivRem(i, cols);
                var cx = (col + box[4 * i]) * stride;
                var cy = (row + box[4 * i + 1]) * stride;
                var w = MathF.Exp(box[4 * i + 2]) * stride;
                var h = MathF.Exp(box[4 * i + 3]) * stride;
                candidates.Add(new Candidate(0, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
            }
        }
        var (sx, sy) = (input.Geometry.ScaleX, input.Geometry.ScaleY);
        return Nms.PerClass(candidates, NmsIoU)
            .Select(c => new Face(
                Math.Clamp(c.X1 / sx, 0, crop.Width), Math.Clamp(c.Y1 / sy, 0, crop.Height),
                Math.Clamp(c.X2 / sx, 0, crop.Width), Math.Clamp(c.Y2 / sy, 0, crop.Height), c.Score))
            .Where(f => f.X2 > f.X1 && f.Y2 > f.Y1)
            .ToList();
    }
}
