using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Alba;
using Hsi.Domain.Media;
using Hsi.Projections.Media;
using Marten;

namespace Hsi.Api.Tests.Detections;

/// <summary>CAMERA_ROOT is written by cameras: links, special files, bombs and odd names (CONVENTIONS.md).</summary>
public partial class UntrustedFilesTests(AppFixture app) : ApiTest(app)
{
    private readonly string _outside = Directory.CreateTempSubdirectory("hsi-outside-").FullName;
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("root:x:0:0:TOP-SECRET-CONTENT");

    private static string Fixture(string name) => Path.Combine(FixturePaths.Images, name);

    private string SecretFile()
    {
        var path = Path.Combine(_outside, "passwd.jpg");
        File.WriteAllBytes(path, Secret);
        return path;
    }

    private async Task<MediaView> RecordedAsync(string fileName, MediaState state)
    {
        var media = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.Query<MediaView>().ToListAsync();
        }, all => all.Any(m => m.FilePath.EndsWith(fileName) && m.State == state), TimeSpan.FromSeconds(30), $"{fileName} to be {state}");
        return media.Single(m => m.FilePath.EndsWith(fileName) && m.State == state);
    }

    [Fact]
    public async Task A_link_to_a_file_outside_the_root_is_recorded_as_rejected_and_never_read()
    {
        File.CreateSymbolicLink(Path.Combine(App.CameraFolder(), "link.jpg"), Fixture("dog.jpg"));

        var rejected = await RecordedAsync("link.jpg", MediaState.Rejected);
        Assert.Contains("outside CAMERA_ROOT", rejected.RejectionReason);
        Assert.Equal("", rejected.Sha256); // not even hashed
        Assert.Empty(await Host.DetectionsAsync());
    }

    [Fact]
    public async Task A_camera_folder_that_is_a_link_out_of_the_root_has_nothing_read()
    {
        File.Copy(Fixture("dog.jpg"), Path.Combine(_outside, "elsewhere.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(App.CameraRoot, "sneaky"), _outside);

        var rejected = await RecordedAsync("elsewhere.jpg", MediaState.Rejected);
        Assert.Contains("outside CAMERA_ROOT", rejected.RejectionReason);
        Assert.Empty(await Host.DetectionsAsync());
    }

    [Fact]
    public async Task An_analysed_image_swapped_for_a_link_out_of_the_root_is_not_served()
    {
        var path = App.Drop(Fixture("dog.jpg"));
        var id = (await Host.WaitForDetectionsAsync(3))[0]!["id"]!.GetValue<long>();

        File.Delete(path);
        File.CreateSymbolicLink(path, SecretFile());

        foreach (var url in new[] { $"/api/detections/{id}/image?full=true", $"/api/detections/{id}/image" })
        {
            var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(403); });
            var body = await result.ReadAsTextAsync();
            Assert.Contains("outside CAMERA_ROOT", (await result.JsonAsync()).Str("detail"));
            Assert.DoesNotContain("TOP-SECRET", body);
        }
    }

    [Fact]
    public async Task An_analysed_clip_swapped_for_a_link_out_of_the_root_is_not_served()
    {
        var clip = App.Drop(PipelineScenario.MakeClip(Fixture("person.jpg"), Path.Combine(App.DataDir, "swapped.mp4"), seconds: 1));
        var id = (await Host.WaitForDetectionsAsync(1, "&object_type=person"))[0]!["id"]!.GetValue<long>();

        File.Delete(clip);
        File.CreateSymbolicLink(clip, SecretFile());

        foreach (var url in new[] { $"/api/detections/{id}/video", $"/api/detections/{id}/image?full=true", $"/api/detections/{id}/image" })
        {
            var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(403); });
            Assert.DoesNotContain("TOP-SECRET", await result.ReadAsTextAsync());
        }
    }

    [Fact]
    public async Task A_fifo_and_a_link_to_dev_zero_are_rejected_and_the_watcher_carries_on()
    {
        var folder = App.CameraFolder();
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(folder, "pipe.jpg"))) await mkfifo.WaitForExitAsync();
        File.CreateSymbolicLink(Path.Combine(folder, "zero.mp4"), "/dev/zero");

        Assert.Contains("FIFO", (await RecordedAsync("pipe.jpg", MediaState.Rejected)).RejectionReason);
        Assert.Contains("outside CAMERA_ROOT", (await RecordedAsync("zero.mp4", MediaState.Rejected)).RejectionReason);

        App.Drop(Fixture("dog.jpg"));
        await Host.WaitForDetectionsAsync(3);
    }

    [Fact]
    public async Task A_png_declaring_20000_by_20000_pixels_is_rejected_from_its_header_without_decoding()
    {
        var bomb = Path.Combine(App.DataDir, "bomb.png");
        await File.WriteAllBytesAsync(bomb, GrayPng(20000, 20000));
        Assert.InRange(new FileInfo(bomb).Length, 1, 2 * 1024 * 1024);

        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        App.Drop(bomb);
        var rejected = await RecordedAsync("bomb.png", MediaState.Rejected);
        await sampling.CancelAsync();
        await sampler;

        Assert.Contains("20000x20000", rejected.RejectionReason);
        Assert.Contains("MAX_IMAGE_PIXELS=40000000", rejected.RejectionReason);
        Assert.True(peak - before < 300L * 1024 * 1024, $"memory grew by {(peak - before) / 1048576} MB");
    }

    [Fact]
    public async Task An_analysed_image_overwritten_with_garbage_has_no_thumbnail_but_a_404_with_the_reason()
    {
        var path = App.Drop(Fixture("dog.jpg"));
        var id = (await Host.WaitForDetectionsAsync(3))[0]!["id"]!.GetValue<long>();

        var garbage = new byte[4096];
        Random.Shared.NextBytes(garbage);
        await File.WriteAllBytesAsync(path, garbage);

        var thumb = await Host.Scenario(s => { s.Get.Url($"/api/detections/{id}/image"); s.StatusCodeShouldBe(404); });
        Assert.Contains("no longer reads as a picture", (await thumb.JsonAsync()).Str("detail"));
        // The original is served as it is while it is still a regular file inside the root.
        var full = await Host.Scenario(s => { s.Get.Url($"/api/detections/{id}/image?full=true"); s.StatusCodeShouldBe(200); });
        using var body = new MemoryStream();
        await full.Context.Response.Body.CopyToAsync(body);
        Assert.Equal(garbage, body.ToArray());
    }

    [Fact]
    public async Task A_file_name_that_is_not_utf8_is_recorded_as_rejected_with_a_reason()
    {
        var folder = App.CameraFolder();
        var staged = Path.Combine(folder, ".staged");
        File.Copy(Fixture("dog.jpg"), staged);
        byte[] badName = [.. Encoding.UTF8.GetBytes(folder + "/"), 0xFF, 0xFE, .. ".jpg"u8, 0];
        Assert.Equal(0, Rename([.. Encoding.UTF8.GetBytes(staged), 0], badName));
        try
        {
            var rejected = await RecordedAsync("\uFFFD\uFFFD.jpg", MediaState.Rejected);
            Assert.Contains("not valid UTF-8", rejected.RejectionReason);
        }
        finally
        {
            Assert.Equal(0, Unlink(badName)); // .NET cannot delete it by name
        }
    }

    /// <summary>An 8-bit grey PNG of zeros: tiny on disk, width×height×4 bytes once decoded.</summary>
    private static byte[] GrayPng(int width, int height)
    {
        var png = new MemoryStream();
        png.Write([0x89, .. "PNG\r\n\x1a\n"u8]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), default compression, filter, no interlace
        Chunk(png, "IHDR", header);
        var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte 0, then zeros
            for (var y = 0; y < height; y++) zlib.Write(row);
        }
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.HashToUInt32(typed));
        png.Write(number);
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static partial int Rename(byte[] from, byte[] to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true)]
    private static partial int Unlink(byte[] path);

    public override Task DisposeAsync()
    {
        Directory.Delete(_outside, recursive: true);
        return Task.CompletedTask;
    }
}
