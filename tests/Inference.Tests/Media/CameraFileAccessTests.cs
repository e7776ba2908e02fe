using System.Diagnostics;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;

namespace Hsi.Inference.Tests.Media;

public sealed class CameraFileAccessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hsi-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("hsi-outside-").FullName;
    private readonly CameraFileAccess _files;

    public CameraFileAccessTests()
    {
        _files = new CameraFileAccess(_root, maxBytes: 1024 * 1024);
        Directory.CreateDirectory(Path.Combine(_root, "cam"));
    }

    private string InCamera(string name) => Path.Combine(_root, "cam", name);

    private CameraFileProblem Refusal(string path) => Assert.Throws<CameraFileRefusedException>(() => _files.Open(path).Dispose()).Problem;

    [Fact]
    public async Task A_regular_file_opens_and_a_link_to_it_inside_the_root_is_followed()
    {
        await File.WriteAllTextAsync(InCamera("a.jpg"), "hello");
        File.CreateSymbolicLink(InCamera("b.jpg"), InCamera("a.jpg"));

        using var file = _files.Open(InCamera("b.jpg"));
        Assert.Equal(5, file.Length);
        Assert.Equal("hello"u8.ToArray(), await file.ReadAllBytesAsync(default));
        Assert.EndsWith("a.jpg", file.RealPath);
    }

    [Fact]
    public void Links_leading_out_of_the_root_are_refused_file_or_folder()
    {
        File.WriteAllText(Path.Combine(_outside, "secret.jpg"), "secret");
        File.CreateSymbolicLink(InCamera("link.jpg"), Path.Combine(_outside, "secret.jpg"));
        File.CreateSymbolicLink(InCamera("zero.jpg"), "/dev/zero");
        Directory.CreateSymbolicLink(Path.Combine(_root, "sneaky"), _outside);

        Assert.Equal(CameraFileProblem.OutsideRoot, Refusal(InCamera("link.jpg")));
        Assert.Equal(CameraFileProblem.OutsideRoot, Refusal(InCamera("zero.jpg")));
        Assert.Equal(CameraFileProblem.OutsideRoot, Refusal(Path.Combine(_root, "sneaky", "secret.jpg")));
    }

    [Fact]
    public async Task A_fifo_is_refused_without_blocking()
    {
        using (var mkfifo = Process.Start("mkfifo", InCamera("pipe.jpg"))) await mkfifo.WaitForExitAsync();

        var refused = await Task.Run(() => Assert.Throws<CameraFileRefusedException>(() => _files.Open(InCamera("pipe.jpg")).Dispose()))
            .WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(CameraFileProblem.NotRegular, refused.Problem);
        Assert.Contains("FIFO", refused.Message);
    }

    [Fact]
    public void The_size_limit_applies_to_the_file_a_link_leads_to()
    {
        File.WriteAllBytes(InCamera("big.bin"), new byte[2 * 1024 * 1024]);
        File.CreateSymbolicLink(InCamera("small-looking.jpg"), "big.bin");

        var ex = Assert.Throws<CameraFileRefusedException>(() => _files.Open(InCamera("small-looking.jpg")).Dispose());
        Assert.Equal(CameraFileProblem.TooLarge, ex.Problem);
        Assert.Contains("MAX_MEDIA_MB=1", ex.Message);
    }

    [Fact]
    public void Missing_files_and_names_that_are_not_utf8_are_told_apart()
    {
        Assert.Equal(CameraFileProblem.Missing, Refusal(InCamera("gone.jpg")));
        Assert.Equal(CameraFileProblem.UndecodableName, Refusal(InCamera("\uFFFD\uFFFD.jpg")));
    }

    [Fact]
    public async Task A_clip_with_frames_over_the_pixel_limit_is_refused_when_probed()
    {
        var clip = InCamera("clip.mp4");
        using (var ffmpeg = Process.Start("ffmpeg", ["-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=gray:s=320x240:d=1", "-pix_fmt", "yuv420p", clip]))
            await ffmpeg.WaitForExitAsync();
        using var file = _files.Open(clip);

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => FrameSampler.ProbeAsync(file, maxPixels: 320 * 240 - 1, default));
        Assert.Contains("MAX_IMAGE_PIXELS", ex.Message);
        Assert.Equal(320, (await FrameSampler.ProbeAsync(file, maxPixels: 320 * 240, default)).Width);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
