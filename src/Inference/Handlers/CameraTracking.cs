using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Domain.Tracks;
using Hsi.Domain.Zones;
using Hsi.Projections.EventStore;
using Hsi.Projections.Zones;
using Marten;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Tracks the files being grouped, in the grouping's own transaction: the grouping queue is each
/// camera's turn (one at a time per node), every append to <c>tracks:&lt;camera&gt;</c> expects the
/// version read, and a file is grouped and tracked together, once. Track ids live in the recorded
/// events, so a rebuild never changes them.
/// </summary>
public static class CameraTracking
{
    public static async Task TrackAsync(
        IDocumentSession session, IReadOnlyList<GroupDetections> files, TrackerSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        if (files.Count == 0) return;
        var zones = await session.EnabledZonesAsync([.. files.Select(f => f.CameraId)], ct);
        foreach (var camera in files.GroupBy(f => f.CameraId))
        {
            var read = await session.ReadStreamTailAsync<CameraTracks>(StreamKeys.Tracks(camera.Key), ct);
            foreach (var file in camera.OrderBy(f => f.Detections.Min(d => d.DetectedAt)).ThenBy(f => f.MediaId))
            {
                var decision = Decision.Of([.. TrackingDecisions.Track(read.State, camera.Key, file.MediaId, FramesOf(file), zones[camera.Key],
                    settings, now, Guid.CreateVersion7)]);
                session.Append(read, decision);
                read = read.Then(decision);
            }
        }
    }

    /// <summary>A file's detections by frame (a picture is one frame, a clip's frames are its sampled seconds).</summary>
    private static IReadOnlyList<(DateTimeOffset, IReadOnlyList<FramedDetection>)> FramesOf(GroupDetections file) =>
        [.. file.Detections.GroupBy(d => d.DetectedAt).Select(frame => (frame.Key, (IReadOnlyList<FramedDetection>)[.. frame.Select(d =>
            new FramedDetection(new TrackObservation(d.DetectionId, d.ObjectType, d.Confidence, d.X, d.Y, d.Width, d.Height), d.ZoneIds ?? [],
                file.Frame is { } size ? ZoneGeometry.StandingPoint(d.X, d.Y, d.Width, d.Height, size.Width, size.Height) : null))]))];
}
