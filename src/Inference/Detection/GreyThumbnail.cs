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
        var sums = new double[side * side];
        var counts = new int[side * side];
        for (var y = 0; y < height; y++)
        {
            var cellRow = y * side / height * side;
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                var p = row.Slice(x * 4, 4);
                var cell = cellRow + x * side / width;
                sums[cell] += 0.299 * p[redAt] + 0.587 * p[1] + 0.114 * p[blueAt];
                counts[cell]++;
            }
        }
        var thumbnail = new byte[side * side];
        for (var i = 0; i < thumbnail.Length; i++)
            thumbnail[i] = counts[i] == 0 ? (byte)0 : (byte)Math.Clamp(Math.Round(sums[i] / counts[i]), 0, 255);
        return thumbnail;
    }
}
