using Hsi.Domain.Common;
using Hsi.Domain.Tracks;
using Hsi.Domain.Zones;

namespace Hsi.Domain.Tests.Tracks;

/// <summary>A person walking down a 1000×1000 picture, one file a second, through the camera's zones.</summary>
public class TrackingDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly Guid Porch = Guid.Parse("0193a5c4-0000-7000-8000-00000000aaaa");
    private static readonly Guid Gate = Guid.Parse("0193a5c4-0000-7000-8000-00000000bbbb");

    private static readonly CameraZone PorchZone = new(Porch, "Porch", ZoneKind.Area, ZoneType.EntryPoint, 50, 3,
        [new(0, 0.5), new(1, 0.5), new(1, 1), new(0, 1)]);
    /// <summary>A horizontal line at y = 0.3, drawn right to left: walking down goes from its left to its right.</summary>
    private static readonly CameraZone GateLine = new(Gate, "Gate", ZoneKind.Line, ZoneType.Perimeter, 10, null, [new(1, 0.3), new(0, 0.3)]);

    private long _detection;
    private int _visit;

    /// <summary>Feet at (0.5, y): the box ends at y; in the porch zone below y = 0.5.</summary>
    private FramedDetection Feet(double y)
    {
        var bottom = (int)(y * 1000);
        var point = new ZonePoint(0.5, y);
        return new FramedDetection(new TrackObservation(++_detection, "person", 0.9, 470, bottom - 200, 60, 200),
            PorchZone.Contains(point) ? [Porch] : [], point);
    }

    private (CameraTracks State, List<object> Events) Walk(params double[] ys)
    {
        CameraTracks? state = null;
        var all = new List<object>();
        for (var i = 0; i < ys.Length; i++)
        {
            var events = TrackingDecisions.Track(state, "porch", Guid.NewGuid(), [(T0.AddSeconds(i), [Feet(ys[i])])],
                [PorchZone, GateLine], TrackerSettings.Defaults, T0.AddSeconds(i), () => new Guid(++_visit, 0, 0, new byte[8]));
            state = StreamFold.Fold(events, state);
            all.AddRange(events);
        }
        return (state!, all);
    }

    [Fact]
    public void One_track_walking_down_crosses_the_line_once_and_enters_the_porch_once()
    {
        var (state, events) = Walk(0.2, 0.25, 0.32, 0.38, 0.44, 0.52, 0.56);

        var crossed = Assert.Single(events.OfType<LineCrossed>());
        Assert.Equal((Gate, CrossingDirection.In, T0.AddSeconds(2)), (crossed.ZoneId, crossed.Direction, crossed.At));
        var entered = Assert.Single(events.OfType<TrackEnteredZone>());
        Assert.Equal((Porch, T0.AddSeconds(5)), (entered.ZoneId, entered.At));
        Assert.Single(events.OfType<DetectionsTracked>().SelectMany(e => e.Detections).Select(d => d.TrackId).Distinct());
        Assert.Equal([Porch], state.Places.Single().Visits.Select(v => v.ZoneId));
    }

    [Fact]
    public void Walking_back_up_counts_out_and_ends_the_visit_with_its_dwell()
    {
        var (_, events) = Walk(0.2, 0.25, 0.32, 0.37, 0.42, 0.47, 0.52, 0.56, 0.51, 0.46, 0.41, 0.36, 0.31, 0.26);

        Assert.Equal([(CrossingDirection.In, T0.AddSeconds(2)), (CrossingDirection.Out, T0.AddSeconds(13))],
            events.OfType<LineCrossed>().Select(c => (c.Direction, c.At)));
        var left = Assert.Single(events.OfType<TrackLeftZone>());
        Assert.Equal((T0.AddSeconds(6), T0.AddSeconds(9), 3.0), (left.EnteredAt, left.At, left.Seconds));
        Assert.Empty(events.OfType<LoiteringObserved>());
    }

    [Fact]
    public void A_track_staying_past_loiter_seconds_is_recorded_once_not_once_per_frame()
    {
        var (_, events) = Walk(0.6, 0.6, 0.61, 0.6, 0.6, 0.61, 0.6, 0.6, 0.6, 0.6);

        var loitering = Assert.Single(events.OfType<LoiteringObserved>());
        Assert.Equal((T0, T0.AddSeconds(4), 4.0), (loitering.EnteredAt, loitering.At, loitering.Seconds));
        Assert.Single(events.OfType<TrackEnteredZone>());
    }

    [Fact]
    public void A_track_lost_in_the_zone_leaves_it_when_it_was_last_seen()
    {
        var (state, events) = Walk(0.6, 0.6);
        var later = TrackingDecisions.Track(state, "porch", Guid.NewGuid(), [(T0.AddSeconds(30), [Feet(0.1)])],
            [PorchZone, GateLine], TrackerSettings.Defaults, T0.AddSeconds(30), Guid.NewGuid);

        var left = Assert.Single(later.OfType<TrackLeftZone>());
        Assert.Equal((T0.AddSeconds(1), 1.0), (left.At, left.Seconds));
        var tracked = Assert.IsType<DetectionsTracked>(later[^1]);
        Assert.NotEqual(events.OfType<DetectionsTracked>().First().Detections[0].TrackId, tracked.Detections[0].TrackId);
    }

    [Fact]
    public void Passing_beyond_the_end_of_a_line_is_no_crossing()
    {
        var shortLine = GateLine with { Outline = [new(0.2, 0.3), new(0, 0.3)] };
        Assert.Null(TrackingDecisions.Crossing(shortLine, new(0.5, 0.2), new(0.5, 0.4)));
        Assert.Equal(CrossingDirection.In, TrackingDecisions.Crossing(GateLine, new(0.5, 0.2), new(0.5, 0.4)));
    }
}
