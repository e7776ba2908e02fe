namespace Hsi.Inference.Detection;

/// <summary>A scored box in model-input pixels (left, top, right, bottom), before NMS and mapping back.</summary>
public readonly record struct Candidate(int ClassId, float Score, float X1, float Y1, float X2, float Y2)
{
    public float Area => MathF.Max(0, X2 - X1) * MathF.Max(0, Y2 - Y1);

    public float IoU(in Candidate other)
    {
        var w = MathF.Min(X2, other.X2) - MathF.Max(X1, other.X1);
        var h = MathF.Min(Y2, other.Y2) - MathF.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}

/// <summary>One object found in an image: COCO class, confidence and box in original-image pixels.</summary>
public sealed record DetectedObject(string ObjectType, float Confidence, int X, int Y, int Width, int Height)
{
    /// <summary>The same box in a picture <paramref name="factor"/> times as large (a clip frame decoded smaller).</summary>
    public DetectedObject ScaledBy(double factor) => factor == 1 ? this : this with
    {
        X = (int)Math.Round(X * factor),
        Y = (int)Math.Round(Y * factor),
        Width = (int)Math.Round(Width * factor),
        Height = (int)Math.Round(Height * factor),
    };
}
