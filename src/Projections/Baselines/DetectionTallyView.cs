namespace Hsi.Projections.Baselines;

/// <summary>
/// One file's current detections counted per UTC hour and class: what activity baselines sum. A file's
/// newest analysis replaces the tally whole, so counts follow a re-detection; no time zone is stored
/// (a camera's may change), baselines place the hours at read time.
/// </summary>
public sealed class DetectionTallyView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";

    /// <summary>The first and last hour of <see cref="Hours"/> (hours since the Unix epoch); null when the file had no detections.</summary>
    public long? FirstUnixHour { get; set; }
    public long? LastUnixHour { get; set; }

    public List<HourTally> Hours { get; set; } = [];
}

public sealed class HourTally
{
    public long UnixHour { get; set; }
    public string ObjectType { get; set; } = "";
    public int Count { get; set; }
}
