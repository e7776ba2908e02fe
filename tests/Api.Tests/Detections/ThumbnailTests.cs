using Alba;
using SkiaSharp;

namespace Hsi.Api.Tests.Detections;

public class ThumbnailTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Thumbnail_is_a_cached_jpeg_with_the_box_drawn_and_full_is_the_original()
    {
        var source = App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var items = await Host.WaitForDetectionsAsync(3);
        var car = items.Single(i => i!.Str("object_type") == "car")!;
        var id = car["id"]!.GetValue<long>();

        var thumb = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/detections/{id}/image");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("image/jpeg");
        });
        Assert.Equal("public, max-age=3600", thumb.Context.Response.Headers.CacheControl.ToString());
        using var decoded = SKBitmap.Decode(await ReadBytesAsync(thumb));
        Assert.Equal(640, Math.Max(decoded.Width, decoded.Height));
        // The box's left edge (x=466 of 768 → 388 of 640) is drawn in red.
        var edge = decoded.GetPixel((int)(466 * 640 / 768.0), (int)((78 + 40) * 640 / 768.0));
        Assert.True(edge.Red > 180 && edge.Green < 90 && edge.Blue < 90, $"expected red box edge, got {edge}");
        Assert.True(File.Exists(Path.Combine(App.DataDir, "thumbnails", $"{id}.jpg")));

        var full = await Host.Scenario(s => { s.Get.Url($"/api/detections/{id}/image?full=true"); s.StatusCodeShouldBe(200); });
        Assert.Equal(await File.ReadAllBytesAsync(source), await ReadBytesAsync(full));
    }

    private static async Task<byte[]> ReadBytesAsync(IScenarioResult result)
    {
        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        return copy.ToArray();
    }
}
