using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// A vehicle's colour without a model: a hue/value histogram of the centre of the crop (its middle 60 %, mostly body,
/// less road and background), sampled on a grid of at most 64×64 points. Each point votes: value &lt; 0.22 → black;
/// saturation &lt; 0.20 → white (value ≥ 0.80), silver (≥ 0.55) or grey; else by hue: red (&lt; 15° or ≥ 345°),
/// orange (15–40°), yellow (40–70°), green (70–165°), blue (165–260°), purple (260–345°), with red and orange of value
/// &lt; 0.55 counted as brown. A chromatic colour with at least 25 % of the votes wins (a car's body is coloured, its
/// glass, tyres and shadows are not); else the commonest vote.
/// </summary>
public static class VehicleColour
{
    public static readonly string[] Colours = ["black", "white", "silver", "grey", "red", "orange", "yellow", "green", "blue", "purple", "brown"];
    private const int Chromatic = 4, Samples = 64;
    public const double ChromaticShare = 0.25;

    /// <returns>The colour and the share of the votes it had.</returns>
    public static (string Colour, double Share) Of(SKBitmap crop) => CropPixels.WithRgba(crop, (pixels, rowBytes) => Count(pixels, rowBytes, crop.Width, crop.Height));

    private static unsafe (string, double) Count(IntPtr pixels, int rowBytes, int width, int height)
    {
        var votes = new int[Colours.Length];
        var (x0, y0) = ((int)(width * 0.2), (int)(height * 0.2));
        var (w, h) = (Math.Max(1, width - 2 * x0), Math.Max(1, height - 2 * y0));
        var (nx, ny) = (Math.Min(Samples, w), Math.Min(Samples, h));
        var total = 0;
        for (var j = 0; j < ny; j++)
        {
            var row = (byte*)pixels + (long)(y0 + j * h / ny) * rowBytes;
            for (var i = 0; i < nx; i++)
            {
                var p = row + 4 * (x0 + i * w / nx);
                votes[Vote(p[0], p[1], p[2])]++;
                total++;
            }
        }
        var chromatic = Chromatic;
        for (var c = Chromatic; c < Colours.Length; c++) if (votes[c] > votes[chromatic]) chromatic = c;
        if (votes[chromatic] >= ChromaticShare * total) return (Colours[chromatic], votes[chromatic] / (double)total);
        var best = 0;
        for (var c = 1; c < Colours.Length; c++) if (votes[c] > votes[best]) best = c;
        return (Colours[best], votes[best] / (double)total);
    }

    /// <summary>The index in <see cref="Colours"/> of one pixel's colour.</summary>
    public static int Vote(byte r, byte g, byte b)
    {
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var value = max / 255.0;
        if (value < 0.22) return 0;
        var saturation = (max - min) / (double)max;
        if (saturation < 0.20) return value >= 0.80 ? 1 : value >= 0.55 ? 2 : 3;
        double hue = max == r ? 60.0 * (g - b) / (max - min) : max == g ? 60.0 * (2 + (b - r) / (double)(max - min)) : 60.0 * (4 + (r - g) / (double)(max - min));
        if (hue < 0) hue += 360;
        var warm = hue is < 40 or >= 345;
        if (warm && value < 0.55) return 10;
        return hue switch
        {
            < 15 or >= 345 => 4,
            < 40 => 5,
            < 70 => 6,
            < 165 => 7,
            < 260 => 8,
            _ => 9,
        };
    }
}
