using Hsi.Domain.Tracks;

namespace Hsi.Domain.Tests.Tracks;

public class ByteTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static long _nextDetection = 1;

    private static TrackObservation Box(int x, int y, double confidence = 0.9, string type = "person", int w = 60, int h = 120) =>
        new(_nextDetection++, type, confidence, x, y, w, h);

    /// <summary>Runs frames one second apart (or at the given offsets); returns each frame's assignments.</summary>
    private static List<IReadOnlyList<TrackAssignment>> Run(IEnumerable<(double Seconds, TrackObservation[] Boxes)> frames, TrackerSettings? settings = null)
    {
        var state = TrackerState.Empty;
        var result = new List<IReadOnlyList<TrackAssignment>>();
        foreach (var (seconds, boxes) in frames)
        {
            var step = ByteTracker.Step(state, T0.AddSeconds(seconds), boxes, settings ?? TrackerSettings.Defaults);
            state = step.State;
            result.Add(step.Assignments);
        }
        return result;
    }

    [Fact]
    public void A_box_moving_across_ten_frames_keeps_one_track_id()
    {
        var frames = Run(Enumerable.Range(0, 10).Select(i => ((double)i, new[] { Box(100 + 25 * i, 200 + 5 * i) })));

        Assert.All(frames, f => Assert.Single(f));
        Assert.Single(frames.SelectMany(f => f).Select(a => a.TrackId).Distinct());
        Assert.True(frames[0][0].Started);
        Assert.All(frames.Skip(1), f => Assert.False(f[0].Started));
        // Once its velocity is known the prediction lands on the box.
        Assert.All(frames.Skip(2), f => Assert.Equal(1, f[0].Confidence, 3));
    }

    [Fact]
    public void Two_boxes_crossing_keep_their_track_ids()
    {
        // One walks right, the other left along the same line; they overlap in the middle frames.
        var frames = Run(Enumerable.Range(0, 10).Select(i => ((double)i, new[] { Box(100 + 40 * i, 200), Box(460 - 40 * i, 205) })));

        var rightward = frames.Select(f => f[0].TrackId).Distinct().ToList();
        var leftward = frames.Select(f => f[1].TrackId).Distinct().ToList();
        Assert.Single(rightward);
        Assert.Single(leftward);
        Assert.NotEqual(rightward[0], leftward[0]);
    }

    [Fact]
    public void A_gap_longer_than_the_lost_window_starts_a_new_track_and_a_shorter_one_does_not()
    {
        var frames = Run([(0, [Box(100, 200)]), (1, [Box(105, 200)]), (4, [Box(105, 200)]), (10, [Box(105, 200)])]);

        Assert.Equal(frames[0][0].TrackId, frames[1][0].TrackId);
        Assert.Equal(frames[0][0].TrackId, frames[2][0].TrackId);
        Assert.NotEqual(frames[0][0].TrackId, frames[3][0].TrackId);
        Assert.True(frames[3][0].Started);
    }

    [Fact]
    public void A_low_confidence_box_continues_a_track_but_never_starts_one()
    {
        var frames = Run([(0, [Box(100, 200)]), (1, [Box(110, 200, confidence: 0.3)]), (2, [Box(400, 50, confidence: 0.3)])]);

        Assert.Equal(frames[0][0].TrackId, Assert.Single(frames[1]).TrackId);
        Assert.Empty(frames[2]);
    }

    [Fact]
    public void A_dog_does_not_continue_a_persons_track()
    {
        var frames = Run([(0, [Box(100, 200)]), (1, [Box(100, 200, type: "dog")])]);
        Assert.NotEqual(frames[0][0].TrackId, frames[1][0].TrackId);
    }
}
