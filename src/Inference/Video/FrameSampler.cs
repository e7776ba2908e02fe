using System.Globalization;
using FFMpegCore;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;

namespace Hsi.Inference.Video;

/// <summary>
/// A decoded frame of a clip and where it sits in time; <see cref="Scale"/> is how many clip
/// pixels one frame pixel stands for (frames of large clips are sampled smaller).
/// </summary>
public sealed record SampledFrame(double Seconds, byte[] Jpeg, double Scale);

/// <summary>
/// ffprobe and ffmpeg (Debian's binaries) through FFMpegCore: clip facts and sampled frames. They
/// read the opened <see cref="CameraFile"/> through its descriptor, never the camera's path.
/// </summary>
public static class FrameSampler
{
    /// <summary>Sampled frames are at most this long a side: bounded decoding, and the model's input is far smaller anyway.</summary>
    public const int MaxSampledSide = 1920;

    /// <summary>Clip facts; a clip whose frames are over <paramref name="maxPixels"/> is refused.</summary>
    public static async Task<VideoInfo> ProbeAsync(CameraFile clip, long maxPixels, CancellationToken ct)
    {
        VideoInfo info;
        try
        {
            var analysis = await FFProbe.AnalyseAsync(clip.DescriptorPath, cancellationToken: ct);
            var video = analysis.PrimaryVideoStream
                ?? throw new MediaUnreadableException("clip has no video stream");
            info = new VideoInfo(analysis.Duration.TotalSeconds, video.CodecName, video.Width, video.Height);
        }
        catch (Exception ex) when (ex is not MediaUnreadableException and not OperationCanceledException)
        {
            throw new MediaUnreadableException($"clip does not probe: {FirstLine(ex.Message)}", ex);
        }
        var pixels = (long)(info.Width ?? 0) * (info.Height ?? 0);
        if (pixels > maxPixels)
            throw new MediaUnreadableException(
                $"clip frames are {info.Width}x{info.Height} ({pixels:N0} pixels), over MAX_IMAGE_PIXELS={maxPixels}");
        return info;
    }

    /// <summary><paramref name="fps"/> frames per second of the clip, at most <paramref name="maxFrames"/>, as JPEGs.</summary>
    public static async Task<IReadOnlyList<SampledFrame>> SampleAsync(
        CameraFile clip, VideoInfo video, double fps, int maxFrames, CancellationToken ct)
    {
        var longSide = Math.Max(video.Width ?? 0, video.Height ?? 0);
        var (filter, scale) = longSide > MaxSampledSide
            ? ($",scale={MaxSampledSide}:{MaxSampledSide}:force_original_aspect_ratio=decrease", longSide / (double)MaxSampledSide)
            : ("", 1.0);
        var dir = Directory.CreateTempSubdirectory("hsi-frames-");
        try
        {
            var fpsText = fps.ToString(CultureInfo.InvariantCulture);
            var ok = await FFMpegArguments
                .FromFileInput(clip.DescriptorPath)
                .OutputToFile(Path.Combine(dir.FullName, "frame_%05d.jpg"), overwrite: true, o => o
                    .WithCustomArgument($"-vf fps={fpsText}{filter} -frames:v {maxFrames} -q:v 2"))
                .CancellableThrough(ct)
                .ProcessAsynchronously(throwOnError: false);
            var files = dir.EnumerateFiles("frame_*.jpg").OrderBy(f => f.Name).ToList();
            if (!ok.Success && files.Count == 0) throw new MediaUnreadableException("ffmpeg could not decode any frame of the clip");
            var frames = new List<SampledFrame>(files.Count);
            for (var i = 0; i < files.Count; i++)
                frames.Add(new SampledFrame(i / fps, await File.ReadAllBytesAsync(files[i].FullName, ct), scale));
            return frames;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One frame at <paramref name="seconds"/>, at full size, as a JPEG file at <paramref name="output"/>.
    /// Throws <see cref="MediaUnreadableException"/> when the clip's frames are over <paramref name="maxPixels"/>.
    /// </summary>
    public static async Task<bool> ExtractFrameAsync(CameraFile clip, double seconds, string output, long maxPixels, CancellationToken ct)
    {
        await ProbeAsync(clip, maxPixels, ct);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var ok = await FFMpegArguments
            .FromFileInput(clip.DescriptorPath, verifyExists: true, o => o.WithCustomArgument(
                "-ss " + seconds.ToString("0.###", CultureInfo.InvariantCulture)))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument("-frames:v 1 -q:v 2"))
            .CancellableThrough(ct)
            .ProcessAsynchronously(throwOnError: false);
        return ok.Success && File.Exists(output);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
