namespace Hsi.Domain.Tracks;

/// <summary>One detection of a frame, as the tracker sees it: box in pixels.</summary>
public sealed record TrackObservation(long DetectionId, string ObjectType, double Confidence, int X, int Y, int Width, int Height);

/// <summary>A track the tracker still follows: its last box, its motion (pixels per second) and when it was last seen.</summary>
public sealed record ActiveTrack(
    long TrackId, string ObjectType, double X, double Y, double Width, double Height, double VelocityX, double VelocityY,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>Which track a detection joined; <see cref="Confidence"/> is the IoU with the track's predicted box (1 for a new track).</summary>
public sealed record TrackAssignment(long DetectionId, long TrackId, double Confidence, bool Started);

/// <summary>
/// TRACK_MAX_GAP_SECONDS (<see cref="LostAfter"/>: a track unseen longer is lost, and an object seen
/// again after it starts a new track); boxes at or above <see cref="HighConfidence"/> are matched first
/// and may start tracks, the others only continue one (ByteTrack's second association).
/// </summary>
public sealed record TrackerSettings(TimeSpan LostAfter, double HighConfidence = 0.6, double HighMatchIoU = 0.2, double LowMatchIoU = 0.4)
{
    public static readonly TrackerSettings Defaults = new(TimeSpan.FromSeconds(5));
}

/// <summary>The tracker's whole state: the tracks it follows and the next id to give.</summary>
public sealed record TrackerState(long NextTrackId, IReadOnlyList<ActiveTrack> Tracks, DateTimeOffset? LastFrameAt)
{
    public static readonly TrackerState Empty = new(1, [], null);
}

/// <summary>What one frame did: the state after it, each detection's track, and the tracks lost before it.</summary>
public sealed record TrackerStep(TrackerState State, IReadOnlyList<TrackAssignment> Assignments, IReadOnlyList<ActiveTrack> Lost);

/// <summary>
/// A small ByteTrack-style tracker, pure: tracks unseen longer than the lost window are dropped;
/// each remaining track's box is moved on by its velocity to the frame's time; high-confidence boxes
/// are matched to those predictions by IoU first (same object type, best pairs first), then
/// low-confidence boxes to the tracks left; an unmatched high-confidence box starts a new track, an
/// unmatched low one is left untracked. A matched track keeps its id and takes the new box.
/// </summary>
public static class ByteTracker
{
    public static TrackerStep Step(TrackerState state, DateTimeOffset at, IReadOnlyList<TrackObservation> frame, TrackerSettings settings)
    {
        var lost = state.Tracks.Where(t => at - t.LastSeenAt > settings.LostAfter).ToList();
        var live = state.Tracks.Where(t => at - t.LastSeenAt <= settings.LostAfter).ToList();
        var predicted = live.ToDictionary(t => t.TrackId, t => Predict(t, at));

        var high = frame.Where(o => o.Confidence >= settings.HighConfidence).ToList();
        var low = frame.Where(o => o.Confidence < settings.HighConfidence).ToList();
        var matches = new List<(TrackObservation Observation, ActiveTrack Track, double IoU)>();
        var unmatchedTracks = live.ToList();
        var unmatchedHigh = Associate(high, unmatchedTracks, predicted, settings.HighMatchIoU, matches);
        Associate(low, unmatchedTracks, predicted, settings.LowMatchIoU, matches);

        var next = state.NextTrackId;
        var assignments = new List<TrackAssignment>();
        var tracks = unmatchedTracks.ToDictionary(t => t.TrackId);
        foreach (var (o, track, iou) in matches)
        {
            tracks[track.TrackId] = Update(track, o, at);
            assignments.Add(new(o.DetectionId, track.TrackId, Math.Round(iou, 4), false));
        }
        foreach (var o in unmatchedHigh)
        {
            var id = next++;
            tracks[id] = new ActiveTrack(id, o.ObjectType, o.X, o.Y, o.Width, o.Height, 0, 0, at, at);
            assignments.Add(new(o.DetectionId, id, 1, true));
        }
        var ordered = frame.Select(o => o.DetectionId).ToList();
        return new TrackerStep(new TrackerState(next, [.. tracks.Values.OrderBy(t => t.TrackId)], at),
            [.. assignments.OrderBy(a => ordered.IndexOf(a.DetectionId))], lost);
    }

    /// <summary>Greedy best-IoU matching (a frame holds a handful of boxes); returns the observations left unmatched.</summary>
    private static List<TrackObservation> Associate(
        List<TrackObservation> observations, List<ActiveTrack> tracks, Dictionary<long, Box> predicted, double minIoU,
        List<(TrackObservation, ActiveTrack, double)> matches)
    {
        var pairs =
            from o in observations
            from t in tracks
            where t.ObjectType == o.ObjectType
            let iou = IoU(predicted[t.TrackId], new Box(o.X, o.Y, o.Width, o.Height))
            where iou >= minIoU
            orderby iou descending, t.TrackId, o.DetectionId
            select (o, t, iou);
        var left = observations.ToList();
        foreach (var (o, t, iou) in pairs.ToList())
        {
            if (!left.Contains(o) || !tracks.Contains(t)) continue;
            left.Remove(o);
            tracks.Remove(t);
            matches.Add((o, t, iou));
        }
        return left;
    }

    private readonly record struct Box(double X, double Y, double Width, double Height);

    private static Box Predict(ActiveTrack t, DateTimeOffset at)
    {
        var dt = (at - t.LastSeenAt).TotalSeconds;
        return new Box(t.X + t.VelocityX * dt, t.Y + t.VelocityY * dt, t.Width, t.Height);
    }

    /// <summary>The new box, and the velocity its centre moved at since the track was last seen.</summary>
    private static ActiveTrack Update(ActiveTrack t, TrackObservation o, DateTimeOffset at)
    {
        var dt = (at - t.LastSeenAt).TotalSeconds;
        var (vx, vy) = dt <= 0 ? (t.VelocityX, t.VelocityY)
            : ((o.X + o.Width / 2.0 - (t.X + t.Width / 2)) / dt, (o.Y + o.Height / 2.0 - (t.Y + t.Height / 2)) / dt);
        return t with { X = o.X, Y = o.Y, Width = o.Width, Height = o.Height, VelocityX = vx, VelocityY = vy, LastSeenAt = at };
    }

    private static double IoU(Box a, Box b)
    {
        var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        var intersection = w * h;
        var union = a.Width * a.Height + b.Width * b.Height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
