namespace Hsi.Domain.Scenes;

/// <summary>
/// A picture as the scene check sees it: <see cref="Side"/>×<see cref="Side"/> grey levels (0–255),
/// row by row. Small on purpose: a whole view (angle, cover) is compared, not the people in it.
/// </summary>
public static class SceneThumbnail
{
    public const int Side = 32;
    public const int Pixels = Side * Side;

    /// <summary>Below this mean grey level a picture is dark (a covered lens, a camera in a box).</summary>
    public const double DarkMean = 30;

    /// <summary>Below this standard deviation of grey levels a picture (or a window of one) is near-uniform: no structure.</summary>
    public const double FlatStdDev = 8;

    public static bool IsValid(byte[]? thumbnail) => thumbnail is { Length: Pixels };

    public static double Mean(ReadOnlySpan<byte> t)
    {
        long sum = 0;
        foreach (var v in t) sum += v;
        return (double)sum / t.Length;
    }

    public static double StdDev(ReadOnlySpan<byte> t)
    {
        var mean = Mean(t);
        double squares = 0;
        foreach (var v in t) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / t.Length);
    }

    /// <summary>Dark or near-uniform as a whole: nothing of a scene can be seen.</summary>
    public static bool LooksBlocked(ReadOnlySpan<byte> t) => Mean(t) < DarkMean || StdDev(t) < FlatStdDev;
}
