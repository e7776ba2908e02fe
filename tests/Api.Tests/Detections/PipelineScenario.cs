using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Detections;

/// <summary>Drops files into camera folders and reads what the API then says about them.</summary>
public static class PipelineScenario
{
    public static string CameraFolder(this HostFixture app, string camera = "front_door")
    {
        var folder = Path.Combine(app.CameraRoot, camera);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies a file in under a temporary name and renames it, as an FTP upload finishes.</summary>
    public static string Drop(this HostFixture app, string source, string? name = null, string camera = "front_door")
    {
        var target = Path.Combine(app.CameraFolder(camera), name ?? Path.GetFileName(source));
        File.Copy(source, target + ".part", overwrite: true);
        File.Move(target + ".part", target, overwrite: true);
        return target;
    }

    public static async Task<JsonArray> DetectionsAsync(this IAlbaHost host, string query = "")
    {
        var result = await host.Scenario(s => { s.Get.Url("/api/detections?limit=1000" + query); s.StatusCodeShouldBeOk(); });
        return (await result.JsonAsync())["items"]!.AsArray();
    }

    /// <summary>Polled: the chain starts when the folder watcher notices the file, outside any session the test could track.</summary>
    public static Task<JsonArray> WaitForDetectionsAsync(this IAlbaHost host, int count, string query = "") =>
        Eventually.GetAsync(() => host.DetectionsAsync(query), items => items.Count >= count, what: $"{count} detections");

    /// <summary>A short H.264 clip of a still image, made with Debian's ffmpeg.</summary>
    public static string MakeClip(string image, string output, int seconds = 3)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-y", "-loglevel", "error", "-loop", "1", "-i", image, "-t", seconds.ToString(), "-r", "5", "-pix_fmt", "yuv420p", output])
        { RedirectStandardError = true })!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        return output;
    }
}
