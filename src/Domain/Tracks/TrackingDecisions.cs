using Hsi.Domain.Zones;

namespace Hsi.Domain.Tracks;

/// <summary>One detection of a file as tracking takes it: box, the area zones recorded at analysis, and its standing point.</summary>
public sealed record FramedDetection(TrackObservation Observation, IReadOnlyList<Guid> ZoneIds, ZonePoint? Point);

/// <summary>
/// Pure decider of a camera's tracking stream: a file's frames (in time order) go through the tracker,
/// and each track's standing point is followed through the camera's zones: visits of area zones
/// (entered, left, loitering past <c>loiter_seconds</c> once per visit) and line crossings.
/// </summary>
public static class TrackingDecisions
{
    /// <param name="frames">The file's detections by frame time; a frame older than the tracker's last is left untracked.</param>
    /// <param name="zones">The camera's enabled zones now.</param>
    /// <param name="newId">Gives each visit its id.</param>
    public static IReadOnlyList<object> Track(
        CameraTracks? state, string cameraId, Guid mediaId, IReadOnlyList<(DateTimeOffset At, IReadOnlyList<FramedDetection> Detections)> frames,
        IReadOnlyList<CameraZone> zones, TrackerSettings settings, DateTimeOffset now, Func<Guid> newId)
    {
        var tracks = state ?? CameraTracks.None(cameraId);
        var places = tracks.Places.ToDictionary(p => p.TrackId);
        var tracker = tracks.Tracker;
        var events = new List<object>();
        var tracked = new List<TrackedDetection>();
        var areas = zones.Where(z => z.Kind == ZoneKind.Area).ToDictionary(z => z.ZoneId);
        var lines = zones.Where(z => z.Kind == ZoneKind.Line).ToList();

        foreach (var (at, detections) in frames.OrderBy(f => f.At))
        {
            // Files of a camera are grouped as their analyses finish; one analysed late cannot go back in time.
            if (tracker.LastFrameAt is { } last && at < last) continue;
            var step = ByteTracker.Step(tracker, at, [.. detections.Select(d => d.Observation)], settings);
            tracker = step.State;
            foreach (var lost in step.Lost)
            {
                if (!places.Remove(lost.TrackId, out var place)) continue;
                events.AddRange(place.Visits.Select(v => Left(cameraId, place, v, lost.LastSeenAt)));
            }
            var byDetection = detections.ToDictionary(d => d.Observation.DetectionId);
            foreach (var a in step.Assignments)
            {
                var d = byDetection[a.DetectionId];
                tracked.Add(new TrackedDetection(a.DetectionId, a.TrackId, a.Confidence));
                var place = places.GetValueOrDefault(a.TrackId) ?? new TrackPlace(a.TrackId, d.Observation.ObjectType, null, []);
                places[a.TrackId] = Move(cameraId, place, d, at, areas, lines, events, newId);
            }
        }

        events.Add(new DetectionsTracked(cameraId, mediaId, tracked,
            new CameraTracks(cameraId, tracker, [.. places.Values.OrderBy(p => p.TrackId)]), now));
        return events;
    }

    private static TrackPlace Move(
        string cameraId, TrackPlace place, FramedDetection d, DateTimeOffset at, Dictionary<Guid, CameraZone> areas,
        List<CameraZone> lines, List<object> events, Func<Guid> newId)
    {
        var inside = d.ZoneIds.Where(areas.ContainsKey).ToHashSet();
        var visits = new List<ZoneVisit>();
        foreach (var visit in place.Visits)
        {
            if (!inside.Contains(visit.ZoneId))
            {
                events.Add(Left(cameraId, place, visit, at));
                continue;
            }
            var zone = areas[visit.ZoneId];
            var stayed = (at - visit.EnteredAt).TotalSeconds;
            if (!visit.Loitered && zone.LoiterSeconds is { } limit && stayed > limit)
            {
                events.Add(new LoiteringObserved(cameraId, visit.ZoneId, visit.VisitId, place.TrackId, place.ObjectType, visit.EnteredAt, at, Math.Round(stayed, 3)));
                visits.Add(visit with { Loitered = true });
            }
            else visits.Add(visit);
        }
        foreach (var zoneId in inside.Where(z => place.Visits.All(v => v.ZoneId != z)).Order())
        {
            var visit = new ZoneVisit(zoneId, newId(), at, false);
            events.Add(new TrackEnteredZone(cameraId, zoneId, visit.VisitId, place.TrackId, place.ObjectType, at));
            visits.Add(visit);
        }
        if (place.Point is { } from && d.Point is { } to)
            foreach (var line in lines)
                if (Crossing(line, from, to) is { } direction)
                    events.Add(new LineCrossed(cameraId, line.ZoneId, place.TrackId, place.ObjectType, direction, at));
        return place with { Point = d.Point ?? place.Point, Visits = visits };
    }

    /// <summary>
    /// A crossing of the line a→b by the step from→to: the step's ends on strictly opposite sides of the
    /// line, and the line's ends on opposite sides of the step (so passing beyond its end is none).
    /// From the left of a→b to its right is <see cref="CrossingDirection.In"/>.
    /// </summary>
    public static CrossingDirection? Crossing(CameraZone line, ZonePoint from, ZonePoint to)
    {
        var (a, b) = (line.Outline[0], line.Outline[1]);
        var (before, after) = (ZoneGeometry.SideOf(a, b, from), ZoneGeometry.SideOf(a, b, to));
        if (before == 0 || after == 0 || before == after) return null;
        if (ZoneGeometry.SideOf(from, to, a) * ZoneGeometry.SideOf(from, to, b) > 0) return null;
        return before > 0 ? CrossingDirection.In : CrossingDirection.Out;
    }

    private static TrackLeftZone Left(string cameraId, TrackPlace place, ZoneVisit v, DateTimeOffset at) =>
        new(cameraId, v.ZoneId, v.VisitId, place.TrackId, place.ObjectType, v.EnteredAt, at, Math.Round((at - v.EnteredAt).TotalSeconds, 3));
}
