using FFMpegCore;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;

namespace Hsi.Inference.Video;

/// <summary>A decoded frame of a clip and where it sits in time.</summary>
public sealed record SampledFrame(double Seconds, byte[] Jpeg);

/// <summary>ffprobe and ffmpeg (Debian's binaries) through FFMpegCore: clip facts and sampled frames.</summary>
public static class FrameSampler
{
    public static async Task<VideoInfo> ProbeAsync(string path, CancellationToken ct)
    {
        try
        {
            var analysis = await FFProbe.AnalyseAsync(path, cancellationToken: ct);
            var video = analysis.PrimaryVideoStream
                ?? throw new MediaUnreadableException("clip has no video stream");
            return new VideoInfo(analysis.Duration.TotalSeconds, video.CodecName, video.Width, video.Height);
        }
        catch (Exception ex) when (ex is not MediaUnreadableException and not OperationCanceledException)
        {
            throw new MediaUnreadableException($"clip does not probe: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary><paramref name="fps"/> frames per second of the clip, at most <paramref name="maxFrames"/>, as JPEGs.</summary>
    public static async Task<IReadOnlyList<SampledFrame>> SampleAsync(string path, double fps, int maxFrames, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("hsi-frames-");
        try
        {
            var fpsText = fps.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var ok = await FFMpegArguments
                .FromFileInput(path)
                .OutputToFile(Path.Combine(dir.FullName, "frame_%05d.jpg"), overwrite: true, o => o
                    .WithCustomArgument($"-vf fps={fpsText} -frames:v {maxFrames} -q:v 2"))
                .CancellableThrough(ct)
                .ProcessAsynchronously(throwOnError: false);
            var files = dir.EnumerateFiles("frame_*.jpg").OrderBy(f => f.Name).ToList();
            if (!ok.Success && files.Count == 0) throw new MediaUnreadableException("ffmpeg could not decode any frame of the clip");
            var frames = new List<SampledFrame>(files.Count);
            for (var i = 0; i < files.Count; i++)
                frames.Add(new SampledFrame(i / fps, await File.ReadAllBytesAsync(files[i].FullName, ct)));
            return frames;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>One frame at <paramref name="seconds"/>, as a JPEG file at <paramref name="output"/>.</summary>
    public static async Task<bool> ExtractFrameAsync(string path, double seconds, string output, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var ok = await FFMpegArguments
            .FromFileInput(path, verifyExists: true, o => o.WithCustomArgument(
                "-ss " + seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument("-frames:v 1 -q:v 2"))
            .CancellableThrough(ct)
            .ProcessAsynchronously(throwOnError: false);
        return ok.Success && File.Exists(output);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
