using Hsi.Domain.Common;
using Hsi.Domain.Zones;

namespace Hsi.Domain.Tracks;

/// <summary>An area zone a track is in now, since when, and whether its loitering was recorded.</summary>
public sealed record ZoneVisit(Guid ZoneId, Guid VisitId, DateTimeOffset EnteredAt, bool Loitered);

/// <summary>Where a followed track was last: its standing point (null when the picture's size was unknown) and its open visits.</summary>
public sealed record TrackPlace(long TrackId, string ObjectType, ZonePoint? Point, IReadOnlyList<ZoneVisit> Visits);

/// <summary>
/// Write-side state of a camera's tracking stream: the tracker and where each followed track is.
/// Every decision ends with <see cref="DetectionsTracked"/> holding this whole state, so folding the
/// stream and taking its newest event agree (<c>StreamWrites.ReadStreamTailAsync</c>).
/// </summary>
public sealed record CameraTracks(string CameraId, TrackerState Tracker, IReadOnlyList<TrackPlace> Places) : IEvolving<CameraTracks>
{
    public static CameraTracks None(string cameraId) => new(cameraId, TrackerState.Empty, []);

    public static CameraTracks? Evolve(CameraTracks? state, object e) => e is DetectionsTracked tracked ? tracked.State : state;
}
