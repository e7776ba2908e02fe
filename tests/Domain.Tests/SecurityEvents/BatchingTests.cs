using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Tests.SecurityEvents;

/// <summary>Given a camera's batching state and open event, when detections arrive or a check runs, then these events.</summary>
public class BatchingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly BatchSettings Settings = BatchSettings.Defaults;
    private static readonly Guid Media = Guid.Parse("01900000-0000-7000-8000-000000000001");

    private static BatchedDetection Detection(long id, string type = "dog", double confidence = 0.8) =>
        new(id, Media, type, confidence, 1, 2, 3, 4, T0);

    private static Func<long> Ids(long first = 100)
    {
        var next = first;
        return () => next++;
    }

    private static SecurityEvent Replay(IEnumerable<object> events) => StreamFold.Fold<SecurityEvent>(events)!;

    [Fact]
    public void The_first_detections_of_a_camera_open_one_batch_and_schedule_its_check()
    {
        var outcome = BatchingDecisions.Group(new GroupDetections("porch", Media, [Detection(1), Detection(2)]),
            new CameraBatching("porch", null), null, Settings, T0, Ids());

        var events = Assert.Single(outcome.EventStreams).Value;
        Assert.Equal(new BatchOpened(100, "batch_100", "porch", false, T0), events[0]);
        Assert.Equal(2, Assert.IsType<DetectionsAttached>(events[1]).Detections.Count);
        Assert.Equal([new CameraBatchOpened("porch", 100, T0)], outcome.BatchingEvents);
        Assert.Equal([100L], outcome.Opened);
        Assert.Empty(outcome.Closed);
        Assert.Equal(T0.AddSeconds(30), BatchingDecisions.FirstCheckAt(T0, Settings));
    }

    [Fact]
    public void Later_detections_join_the_open_batch_without_a_new_id()
    {
        var open = Replay([new BatchOpened(7, "batch_7", "porch", false, T0), new DetectionsAttached(7, Media, [Detection(1)], T0)]);
        var outcome = BatchingDecisions.Group(new GroupDetections("porch", Media, [Detection(2)]),
            new CameraBatching("porch", 7), open, Settings, T0.AddSeconds(5), () => throw new InvalidOperationException("no new id expected"));

        var attached = Assert.IsType<DetectionsAttached>(Assert.Single(outcome.EventStreams[7]));
        Assert.Equal(2, attached.Detections.Single().DetectionId);
        Assert.Empty(outcome.BatchingEvents);
    }

    [Fact]
    public void A_confident_person_is_its_own_fast_path_event_and_does_not_join_the_batch()
    {
        var outcome = BatchingDecisions.Group(new GroupDetections("porch", Media, [Detection(1, "person", 0.95), Detection(2, "car")]),
            new CameraBatching("porch", null), null, Settings, T0, Ids());

        var fast = outcome.EventStreams[100];
        Assert.Equal(new BatchOpened(100, "fast_path_1", "porch", true, T0), fast[0]);
        Assert.Equal(new BatchClosed(100, CloseReason.FastPath, T0), fast[2]);
        Assert.Equal([100L], outcome.Closed);
        var batch = Assert.IsType<DetectionsAttached>(outcome.EventStreams[101][1]);
        Assert.Equal([2L], batch.Detections.Select(d => d.DetectionId));
    }

    [Fact]
    public void At_max_detections_the_batch_closes_with_max_size_and_the_rest_opens_the_next()
    {
        var settings = Settings with { MaxDetections = 3 };
        var outcome = BatchingDecisions.Group(new GroupDetections("porch", Media, [.. Enumerable.Range(1, 5).Select(i => Detection(i))]),
            new CameraBatching("porch", null), null, settings, T0, Ids());

        Assert.Equal(new BatchClosed(100, CloseReason.MaxSize, T0), outcome.EventStreams[100][^1]);
        Assert.Equal(3, ((DetectionsAttached)outcome.EventStreams[100][1]).Detections.Count);
        Assert.Equal(2, ((DetectionsAttached)outcome.EventStreams[101][1]).Detections.Count);
        Assert.Equal([100L], outcome.Closed);
        Assert.Equal([100L, 101L], outcome.Opened);
        Assert.Equal([new CameraBatchOpened("porch", 100, T0), new CameraBatchClosed("porch", 100, T0), new CameraBatchOpened("porch", 101, T0)],
            outcome.BatchingEvents);
    }

    [Fact]
    public void Files_grouped_together_fill_one_batch_as_they_would_one_after_another()
    {
        var settings = Settings with { MaxDetections = 3 };
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        GroupDetections File(Guid media, params long[] ids) => new("porch", media, [.. ids.Select(id => Detection(id) with { MediaId = media })]);

        var outcome = BatchingDecisions.GroupAll([File(first, 1, 2), File(second, 3, 4), File(third, 5)],
            new CameraBatching("porch", null), null, settings, T0, Ids());

        Assert.Equal([1L, 2L, 3L], outcome.EventStreams[100].OfType<DetectionsAttached>().SelectMany(a => a.Detections).Select(d => d.DetectionId));
        Assert.Equal(new BatchClosed(100, CloseReason.MaxSize, T0), outcome.EventStreams[100][^1]);
        Assert.Equal([4L, 5L], outcome.EventStreams[101].OfType<DetectionsAttached>().SelectMany(a => a.Detections).Select(d => d.DetectionId));
        Assert.Equal([100L, 101L], outcome.Opened);
        Assert.Equal([100L], outcome.Closed);
        Assert.Equal([(first, (IReadOnlyList<long>)[100L]), (second, [100L, 101L]), (third, [101L])],
            outcome.Grouped.Select(g => (g.MediaId, g.EventIds)).ToList(), GroupedComparer);
        Assert.Equal(101, StreamFold.Fold(outcome.BatchingEvents, CameraBatching.None("porch"))!.OpenEventId);
    }

    [Fact]
    public void The_ids_counted_beforehand_are_the_ids_taken_even_when_the_open_event_has_a_small_id()
    {
        var open = Replay([new BatchOpened(1, "batch_1", "porch", false, T0)]);
        IReadOnlyList<GroupDetections> files =
            [new("porch", Media, [Detection(5, "person", 0.95), Detection(6)]), new("porch", Guid.NewGuid(), [Detection(7)])];

        var needed = BatchingDecisions.EventIdsNeeded(files, new CameraBatching("porch", 1), open, Settings, T0);
        var taken = 0;
        var next = Ids();
        var outcome = BatchingDecisions.GroupAll(files, new CameraBatching("porch", 1), open, Settings, T0, () => { taken++; return next(); });

        // The fast-path person is an event of its own; both dogs join the open event 1.
        Assert.Equal(1, needed);
        Assert.Equal(needed, taken);
        Assert.Equal([1L, 100L], outcome.EventStreams.Keys.Order());
        Assert.Empty(outcome.Opened);
    }

    private static readonly IEqualityComparer<(Guid, IReadOnlyList<long>)> GroupedComparer = EqualityComparer<(Guid, IReadOnlyList<long>)>.Create(
        (a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2), g => g.Item1.GetHashCode());

    [Fact]
    public void A_batch_past_its_window_is_closed_as_timeout_before_new_detections_open_the_next()
    {
        var open = Replay([new BatchOpened(7, "batch_7", "porch", false, T0)]);
        var outcome = BatchingDecisions.Group(new GroupDetections("porch", Media, [Detection(1)]),
            new CameraBatching("porch", 7), open, Settings, T0.AddSeconds(91), Ids());

        Assert.Equal([new BatchClosed(7, CloseReason.Timeout, T0.AddSeconds(91))], outcome.EventStreams[7]);
        Assert.Equal([7L], outcome.Closed);
        Assert.Equal([100L], outcome.Opened);
    }

    [Fact]
    public void The_check_closes_on_idle_then_window_and_otherwise_says_when_to_look_again()
    {
        var open = Replay([new BatchOpened(7, "batch_7", "porch", false, T0), new DetectionsAttached(7, Media, [Detection(1)], T0.AddSeconds(20))]);

        var early = BatchingDecisions.CheckClose(open, Settings, T0.AddSeconds(30));
        Assert.Null(early.Closed);
        Assert.Equal(T0.AddSeconds(50), early.CheckAgainAt);

        Assert.Equal(CloseReason.Idle, BatchingDecisions.CheckClose(open, Settings, T0.AddSeconds(50)).Closed!.Reason);

        var busy = Replay([new BatchOpened(7, "batch_7", "porch", false, T0), new DetectionsAttached(7, Media, [Detection(1)], T0.AddSeconds(80))]);
        Assert.Equal(T0.AddSeconds(90), BatchingDecisions.CheckClose(busy, Settings, T0.AddSeconds(85)).CheckAgainAt);
        Assert.Equal(CloseReason.Timeout, BatchingDecisions.CheckClose(busy, Settings, T0.AddSeconds(90)).Closed!.Reason);
    }

    [Fact]
    public void Closing_twice_closes_once()
    {
        var closed = Replay([new BatchOpened(7, "batch_7", "porch", false, T0), new BatchClosed(7, CloseReason.Idle, T0.AddSeconds(30))]);
        Assert.Equal(new CloseCheck(null, null), BatchingDecisions.CheckClose(closed, Settings, T0.AddSeconds(200)));
    }
}
