using Hsi.Domain.Media;

namespace Hsi.Domain.Tests.Media;

public class DetectionMatchingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    private static RecordedDetection D(long id, string type, int x, int y, int w, int h, double? frame = null, double confidence = 0.9) =>
        new(id, type, confidence, x, y, w, h, T0, frame);

    [Fact]
    public void The_same_class_overlapping_by_half_or_more_is_matched_once_and_the_rest_is_lost_or_gained()
    {
        var before = new[] { D(1, "person", 0, 0, 100, 100), D(2, "dog", 200, 200, 50, 50), D(3, "car", 0, 0, 100, 100) };
        var after = new[]
        {
            D(11, "person", 10, 0, 100, 100),   // IoU 0.82
            D(12, "person", 5, 0, 100, 100),    // IoU 0.90: the better partner of 1
            D(13, "dog", 240, 240, 50, 50),     // IoU 0.03: not the same dog
            D(14, "truck", 0, 0, 100, 100),     // another class
        };

        var match = DetectionMatching.Match(before, after);

        Assert.Equal([(1L, 12L)], match.Matched.Select(m => (m.Before.DetectionId, m.After.DetectionId)));
        Assert.Equal([2L, 3L], match.Lost.Select(d => d.DetectionId));
        Assert.Equal([11L, 13L, 14L], match.Gained.Select(d => d.DetectionId));
    }

    [Fact]
    public void Boxes_of_different_frames_of_a_clip_never_match()
    {
        var match = DetectionMatching.Match([D(1, "person", 0, 0, 100, 100, frame: 0)], [D(2, "person", 0, 0, 100, 100, frame: 1)]);
        Assert.Empty(match.Matched);
        Assert.Single(match.Lost);
        Assert.Single(match.Gained);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 1 / 3.0)]
    [InlineData(100, 0.0)]
    public void IoU_of_two_boxes(int shift, double expected) =>
        Assert.Equal(expected, DetectionMatching.IoU(D(1, "a", 0, 0, 100, 100), D(2, "a", shift, 0, 100, 100)), 6);
}
