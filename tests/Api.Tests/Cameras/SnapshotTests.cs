using Alba;

namespace Hsi.Api.Tests.Cameras;

public class SnapshotTests(AppFixture app) : ApiTest(app)
{
    private static readonly string Fixtures = FixturePaths.Images;

    private async Task CreateCameraAsync(string folder) => await Host.Scenario(s =>
    {
        s.Post.Json(new { name = folder, folder_path = folder }).ToUrl("/api/cameras");
        s.StatusCodeShouldBe(201);
    });

    [Fact]
    public async Task Snapshot_is_the_newest_image_in_the_folder_with_its_content_type()
    {
        await CreateCameraAsync("porch");
        var folder = Path.Combine(App.CameraRoot, "porch");
        File.Copy(Path.Combine(Fixtures, "dog.jpg"), Path.Combine(folder, "older.jpg"));
        File.SetLastWriteTimeUtc(Path.Combine(folder, "older.jpg"), DateTime.UtcNow.AddMinutes(-5));
        Directory.CreateDirectory(Path.Combine(folder, "2026-11-26"));
        var newest = Path.Combine(folder, "2026-11-26", "newest.jpg");
        File.Copy(Path.Combine(Fixtures, "person.jpg"), newest);
        File.SetLastWriteTimeUtc(newest, DateTime.UtcNow);

        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/cameras/porch/snapshot");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("image/jpeg");
        });

        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        var bytes = copy.ToArray();
        Assert.Equal(await File.ReadAllBytesAsync(newest), bytes);
    }

    [Fact]
    public async Task Without_images_the_snapshot_is_a_frame_of_the_newest_clip()
    {
        await CreateCameraAsync("driveway");
        Detections.PipelineScenario.MakeClip(Path.Combine(Fixtures, "dog.jpg"), Path.Combine(App.CameraRoot, "driveway", "clip.mp4"), seconds: 1);

        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/cameras/driveway/snapshot");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("image/jpeg");
        });
        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        using var frame = SkiaSharp.SKBitmap.Decode(copy.ToArray());
        Assert.Equal((768, 576), (frame.Width, frame.Height));
    }

    [Fact]
    public async Task Snapshot_is_404_without_images_or_camera()
    {
        await CreateCameraAsync("empty");
        File.WriteAllText(Path.Combine(App.CameraRoot, "empty", "notes.txt"), "not an image");

        await Host.Scenario(s => { s.Get.Url("/api/cameras/empty/snapshot"); s.StatusCodeShouldBe(404); });
        await Host.Scenario(s => { s.Get.Url("/api/cameras/nope/snapshot"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task Snapshot_is_403_when_the_folder_escapes_the_root_through_a_symlink()
    {
        var outside = Directory.CreateTempSubdirectory("hsi-outside-").FullName;
        try
        {
            File.Copy(Path.Combine(Fixtures, "dog.jpg"), Path.Combine(outside, "secret.jpg"));
            await CreateCameraAsync("sneaky");
            // The camera's folder is swapped for a link to somewhere outside the root.
            Directory.Delete(Path.Combine(App.CameraRoot, "sneaky"));
            Directory.CreateSymbolicLink(Path.Combine(App.CameraRoot, "sneaky"), outside);

            var result = await Host.Scenario(s =>
            {
                s.Get.Url("/api/cameras/sneaky/snapshot");
                s.StatusCodeShouldBe(403);
            });
            Assert.Contains("outside", (await result.JsonAsync()).Str("detail"));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
