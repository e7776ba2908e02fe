namespace Hsi.Domain.Scenes;

/// <summary>
/// Structural similarity (Wang et al. 2004) of two grey pictures of one size: the mean over
/// <see cref="Window"/>² windows (every <see cref="Stride"/> pixels) of
/// (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), with C1 = (0.01·255)², C2 = (0.03·255)²
/// and a uniform window. 1 for identical pictures; near 0 or below for unrelated or inverted ones.
/// </summary>
public static class Ssim
{
    public const int Window = 8;
    public const int Stride = 4;
    public const double C1 = 0.01 * 255 * (0.01 * 255);
    public const double C2 = 0.03 * 255 * (0.03 * 255);

    /// <summary>The raw mean SSIM, in [-1, 1].</summary>
    public static double Compare(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int side)
    {
        if (x.Length != side * side || y.Length != side * side) throw new ArgumentException("both pictures must be side×side");
        double total = 0;
        var windows = 0;
        foreach (var (left, top) in Windows(side))
        {
            var (mx, my, vx, vy, cxy) = Moments(x, y, side, left, top);
            total += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            windows++;
        }
        return total / windows;
    }

    /// <summary>The similarity as it is reported: SSIM clamped to 0–1 (lower means more different), 4 decimals.</summary>
    public static double Score(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int side) => Math.Round(Math.Clamp(Compare(x, y, side), 0, 1), 4);

    /// <summary>
    /// The share of windows that are near-uniform in <paramref name="now"/> (standard deviation below
    /// <paramref name="flatStdDev"/>) but held structure in <paramref name="reference"/>: how much of the view went blank.
    /// </summary>
    public static double FlattenedShare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> now, int side, double flatStdDev)
    {
        var flat = 0;
        var windows = 0;
        var flatVariance = flatStdDev * flatStdDev;
        foreach (var (left, top) in Windows(side))
        {
            var (_, _, vr, vn, _) = Moments(reference, now, side, left, top);
            if (vn < flatVariance && vr >= flatVariance) flat++;
            windows++;
        }
        return (double)flat / windows;
    }

    private static IEnumerable<(int Left, int Top)> Windows(int side)
    {
        for (var top = 0; top + Window <= side; top += Stride)
        for (var left = 0; left + Window <= side; left += Stride)
            yield return (left, top);
    }

    /// <summary>Means, (population) variances and covariance of one window of both pictures.</summary>
    private static (double Mx, double My, double Vx, double Vy, double Cxy) Moments(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int side, int left, int top)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var row = top; row < top + Window; row++)
        for (var col = left; col < left + Window; col++)
        {
            double a = x[row * side + col], b = y[row * side + col];
            sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
        }
        const double n = Window * Window;
        var (mx, my) = (sx / n, sy / n);
        return (mx, my, sxx / n - mx * mx, syy / n - my * my, sxy / n - mx * my);
    }
}
