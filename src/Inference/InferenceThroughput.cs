using Prometheus;

namespace Hsi.Inference;

/// <summary>
/// The detector's measured speed: the time of its last runs (one image or clip frame each,
/// preprocessing to boxes), as frames per second. Null until it has run.
/// </summary>
public static class InferenceThroughput
{
    private const int Window = 100;
    private static readonly Lock Gate = new();
    private static readonly double[] RecentMs = new double[Window];
    private static long _recorded;

    private static readonly Gauge Fps = Metrics.CreateGauge(
        "hsi_inference_fps", "Frames per second one detector run achieves, from its last 100 runs (0 until it has run).");

    /// <summary>How many runs have been recorded since start.</summary>
    public static long Recorded => Interlocked.Read(ref _recorded);

    public static void Record(double milliseconds)
    {
        lock (Gate)
        {
            RecentMs[_recorded % Window] = milliseconds;
            _recorded++;
        }
        if (FramesPerSecond is { } fps) Fps.Set(fps);
    }

    public static double? FramesPerSecond
    {
        get
        {
            lock (Gate)
            {
                var count = (int)Math.Min(_recorded, Window);
                if (count == 0) return null;
                var meanMs = RecentMs.Take(count).Average();
                return meanMs > 0 ? Math.Round(1000 / meanMs, 2) : null;
            }
        }
    }
}
