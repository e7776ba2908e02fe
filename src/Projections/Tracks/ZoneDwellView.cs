using Hsi.Domain.Common;
using Hsi.Domain.Tracks;

namespace Hsi.Projections.Tracks;

/// <summary>One visit of a track to an area zone: entry, exit and dwell, and whether it loitered.</summary>
public sealed class ZoneDwellView
{
    /// <summary>The visit's id (<c>record_id</c>).</summary>
    public Guid Id { get; set; }
    public Guid ZoneId { get; set; }
    public string CameraId { get; set; } = "";
    public long TrackId { get; set; }
    public string ObjectClass { get; set; } = "";
    public DateTimeOffset EntryTime { get; set; }
    public DateTimeOffset? ExitTime { get; set; }
    public double? TotalSeconds { get; set; }
    /// <summary>When its track was last seen while the visit was open: a visit unseen past the track gap is over.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    public bool Loitered { get; set; }
    public DateTimeOffset? LoiteredAt { get; set; }
}

/// <summary>
/// The one writer of <see cref="ZoneDwellView"/>, from the tracking streams: a visit begins, is seen
/// (each DetectionsTracked updates its open visits' last sighting), may loiter, and ends.
/// </summary>
public sealed class ZoneDwellViewProjection : MultiStreamProjection<ZoneDwellView, Guid>
{
    public ZoneDwellViewProjection()
    {
        Identity<TrackEnteredZone>(e => e.VisitId);
        Identity<TrackLeftZone>(e => e.VisitId);
        Identity<LoiteringObserved>(e => e.VisitId);
        Identities<DetectionsTracked>(e => [.. e.State.Places.SelectMany(p => p.Visits.Select(v => v.VisitId))]);
    }

    public override ZoneDwellView? Evolve(ZoneDwellView? view, Guid id, IEvent e)
    {
        switch (e.Data)
        {
            case TrackEnteredZone entered:
                return new ZoneDwellView
                {
                    Id = entered.VisitId, ZoneId = entered.ZoneId, CameraId = entered.CameraId, TrackId = entered.TrackId,
                    ObjectClass = entered.ObjectType, EntryTime = StoredTime.Of(entered.At), LastSeenAt = StoredTime.Of(entered.At),
                };
            case TrackLeftZone left when view is not null:
                view.ExitTime = StoredTime.Of(left.At);
                view.TotalSeconds = left.Seconds;
                return view;
            case LoiteringObserved loitering when view is not null:
                view.Loitered = true;
                view.LoiteredAt = StoredTime.Of(loitering.At);
                return view;
            case DetectionsTracked tracked when view is not null:
                if (tracked.State.Tracker.Tracks.FirstOrDefault(t => t.TrackId == view.TrackId) is { } track)
                    view.LastSeenAt = StoredTime.Of(track.LastSeenAt);
                return view;
            default:
                return view;
        }
    }
}
