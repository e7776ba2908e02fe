using Hsi.Inference.Detection;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>Sharpness, brightness and contrast of a crop, and what they add up to.</summary>
public sealed record QualityMeasure(double Score, bool IsBlurry, bool IsLowQuality, IReadOnlyList<string> Issues, double LaplacianVariance, double Brightness, double Contrast);

/// <summary>
/// Image quality without a model. The crop is resampled to a longer side of <see cref="WorkingSide"/> pixels (so the
/// figures do not depend on the box's size) in grey (0.299 R + 0.587 G + 0.114 B). Sharpness is the variance of its
/// 4-neighbour Laplacian; brightness the mean grey; contrast its standard deviation. Score (0–100) = 50 · sharpness
/// (log-scaled, 1 at a variance of 500) + 25 · brightness (1 at mid-grey, 0 at black or white) + 25 · contrast
/// (1 at a deviation of 64). Issues: <c>blurry</c> (variance &lt; 100), <c>too_dark</c> (mean &lt; 50), <c>overexposed</c>
/// (mean &gt; 210), <c>low_contrast</c> (deviation &lt; 25); low quality when the score is under 50 or the crop is blurry.
/// </summary>
public static class ImageQuality
{
    public const int WorkingSide = 256;
    public const double BlurryBelow = 100, DarkBelow = 50, OverexposedAbove = 210, LowContrastBelow = 25, LowQualityBelow = 50;
    private static readonly Preprocessing Prep = new(Placement.Stretch, Bgr: false, Scale: 1f);

    public static QualityMeasure Measure(SKBitmap crop)
    {
        var scale = WorkingSide / (double)Math.Max(crop.Width, crop.Height);
        var (w, h) = (Math.Max(3, (int)Math.Round(crop.Width * scale)), Math.Max(3, (int)Math.Round(crop.Height * scale)));
        using var input = new ModelInput(crop, w, h, Prep);
        var rgb = input.Data;
        var plane = w * h;
        var grey = new float[plane];
        double sum = 0, squares = 0;
        for (var i = 0; i < plane; i++)
        {
            var v = 0.299f * rgb[i] + 0.587f * rgb[plane + i] + 0.114f * rgb[2 * plane + i];
            grey[i] = v;
            sum += v;
            squares += v * v;
        }
        var mean = sum / plane;
        var contrast = Math.Sqrt(Math.Max(0, squares / plane - mean * mean));

        double lapSum = 0, lapSquares = 0;
        var n = 0;
        for (var y = 1; y < h - 1; y++)
        for (var x = 1; x < w - 1; x++)
        {
            var i = y * w + x;
            double lap = grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i];
            lapSum += lap;
            lapSquares += lap * lap;
            n++;
        }
        var lapMean = lapSum / n;
        var variance = Math.Max(0, lapSquares / n - lapMean * lapMean);

        var sharpness = Math.Min(1, Math.Log(1 + variance) / Math.Log(1 + 500));
        var exposure = 1 - Math.Abs(mean - 127.5) / 127.5;
        var spread = Math.Min(1, contrast / 64);
        var score = Math.Round(50 * sharpness + 25 * exposure + 25 * spread, 1);

        var issues = new List<string>();
        var blurry = variance < BlurryBelow;
        if (blurry) issues.Add("blurry");
        if (mean < DarkBelow) issues.Add("too_dark");
        if (mean > OverexposedAbove) issues.Add("overexposed");
        if (contrast < LowContrastBelow) issues.Add("low_contrast");
        return new QualityMeasure(score, blurry, score < LowQualityBelow || blurry, issues,
            Math.Round(variance, 2), Math.Round(mean, 2), Math.Round(contrast, 2));
    }
}
