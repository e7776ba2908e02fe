using Alba;
using Hsi.Projections.Detections;
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
        // What a DATA_DIR that outlived its database would hold under the old key: another detection's picture.
        Directory.CreateDirectory(Path.Combine(App.DataDir, "thumbnails"));
        var stale = Path.Combine(App.DataDir, "thumbnails", $"{id}.jpg");
        File.Copy(Path.Combine(FixturePaths.Images, "person.jpg"), stale);

        var thumb = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/detections/{id}/image");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("image/jpeg");
        });
        Assert.Equal("public, max-age=3600", thumb.Context.Response.Headers.CacheControl.ToString());
        var thumbBytes = await ReadBytesAsync(thumb);
        using var decoded = SKBitmap.Decode(thumbBytes);
        Assert.Equal(640, Math.Max(decoded.Width, decoded.Height));
        // The box's left edge (x=466 of 768 → 388 of 640) is drawn in red.
        var edge = decoded.GetPixel((int)(466 * 640 / 768.0), (int)((78 + 40) * 640 / 768.0));
        Assert.True(edge.Red > 180 && edge.Green < 90 && edge.Blue < 90, $"expected red box edge, got {edge}");
        Assert.NotEqual(await File.ReadAllBytesAsync(stale), thumbBytes);
        await using (var session = App.Store.QuerySession())
        {
            var mediaId = (await session.LoadAsync<DetectionView>(id))!.MediaId;
            Assert.True(File.Exists(Path.Combine(App.DataDir, "thumbnails", mediaId.ToString(), $"{id}.jpg")));
        }

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
