using System.Diagnostics;

namespace Hsi.Api.Tests.Tracks;

public static class TrackScenarios
{
    /// <summary>
    /// A 5 s clip (a temporary file) of person.jpg sliding right at 30 px/s on an 800×424 black canvas,
    /// made with Debian's ffmpeg; sampled at 1 fps it holds the person, the dog and the horse in 5 frames.
    /// </summary>
    public static string WalkingClip()
    {
        var output = Path.Combine(Path.GetTempPath(), $"walk-{Guid.NewGuid():N}.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
        [
            "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=black:s=800x424:d=5:r=5", "-loop", "1",
            "-i", Path.Combine(FixturePaths.Images, "person.jpg"), "-filter_complex", "[0][1]overlay=x='t*30':y=0:shortest=1",
            "-t", "5", "-r", "5", "-pix_fmt", "yuv420p", output,
        ]) { RedirectStandardError = true })!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        return output;
    }
}
