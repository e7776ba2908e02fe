using Hsi.Domain.Common;
using Hsi.Domain.Tracks;

namespace Hsi.Projections.Tracks;

/// <summary>Crossings of a line zone in one hour (UTC).</summary>
public sealed class CrossingHour
{
    public DateTimeOffset Hour { get; set; }
    public int In { get; set; }
    public int Out { get; set; }
}

/// <summary>A line zone's crossings: counts in each direction, all told and per hour.</summary>
public sealed class ZoneCrossingsView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";
    public int InCount { get; set; }
    public int OutCount { get; set; }
    public DateTimeOffset? LastCrossingAt { get; set; }
    public List<CrossingHour> Hours { get; set; } = [];
}

/// <summary>The one writer of <see cref="ZoneCrossingsView"/>, from the LineCrossed facts of the tracking streams.</summary>
public sealed class ZoneCrossingsViewProjection : MultiStreamProjection<ZoneCrossingsView, Guid>
{
    public ZoneCrossingsViewProjection()
    {
        Identity<LineCrossed>(e => e.ZoneId);
    }

    public override ZoneCrossingsView? Evolve(ZoneCrossingsView? view, Guid id, IEvent e)
    {
        if (e.Data is not LineCrossed crossed) return view;
        view ??= new ZoneCrossingsView { Id = crossed.ZoneId, CameraId = crossed.CameraId };
        var at = crossed.At.ToUniversalTime();
        var hour = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
        var bucket = view.Hours.FirstOrDefault(h => h.Hour == hour);
        if (bucket is null)
        {
            bucket = new CrossingHour { Hour = hour };
            view.Hours.Add(bucket);
            view.Hours.Sort((a, b) => a.Hour.CompareTo(b.Hour));
        }
        if (crossed.Direction == CrossingDirection.In)
        {
            view.InCount++;
            bucket.In++;
        }
        else
        {
            view.OutCount++;
            bucket.Out++;
        }
        view.LastCrossingAt = StoredTime.Of(crossed.At);
        return view;
    }
}
