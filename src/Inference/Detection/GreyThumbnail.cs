using Hsi.Domain.Scenes;
using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>
/// The scene check's view of a decoded picture: <see cref="SceneThumbnail.Side"/>² cells, each the
/// mean luma (BT.601) of the pixels it covers. A box average, so a 4K frame and its 416-pixel
/// decode give the same thumbnail; the aspect ratio is not kept (pictures of one camera share it).
/// </summary>
public static class GreyThumbnail
{
    public static byte[] Of(SKBitmap picture)
    {
        if (picture.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888))
        {
            using var converted = picture.Copy(SKColorType.Rgba8888) ?? throw new MediaUnreadableException("picture has no pixels to compare");
            return Of(converted);
        }
        var (width, height, side) = (picture.Width, picture.Height, SceneThumbnail.Side);
        if (width == 0 || height == 0) throw new MediaUnreadableException("picture has no pixels to compare");
        var (redAt, blueAt) = picture.ColorType == SKColorType.Rgba8888 ? (0, 2) : (2, 0);
        var pixels = picture.GetPixelSpan();
        var rowBytes = picture.RowBytes;
        // Luma in thousandths (299 R + 587 G + 114 B), summed in integers in one pass over the decode the detector made anyway.
        var sums = new long[side * side];
        var counts = new int[side * side];
        var cellOfColumn = new int[width];
        for (var x = 0; x < width; x++) cellOfColumn[x] = x * side / width;
        for (var y = 0; y < height; y++)
        {
            var cellRow = y * side / height * side;
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (int x = 0, i = 0; x < width; x++, i += 4)
            {
                var cell = cellRow + cellOfColumn[x];
                sums[cell] += 299 * row[i + redAt] + 587 * row[i + 1] + 114 * row[i + blueAt];
                counts[cell]++;
            }
        }
        var thumbnail = new byte[side * side];
        for (var i = 0; i < thumbnail.Length; i++)
            thumbnail[i] = counts[i] == 0 ? (byte)0 : (byte)Math.Clamp(Math.Round(sums[i] / (1000.0 * counts[i])), 0, 255);
        return thumbnail;
    }
}
