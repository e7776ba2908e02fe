using Hsi.Domain.Common;
using Hsi.Domain.Scenes;

namespace Hsi.Domain.Tests.Scenes;

public class SceneDecisionsTests
{
    private const int Side = SceneThumbnail.Side;
    private const double Threshold = SceneDecisions.DefaultThreshold;
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private static byte[] Noise(int seed)
    {
        var picture = new byte[Side * Side];
        new Random(seed).NextBytes(picture);
        return picture;
    }

    private static readonly byte[] Garden = Noise(1);
    private static readonly byte[] Street = Noise(2);
    private static readonly byte[] Black = new byte[Side * Side];

    private static CheckScene Picture(byte[] thumbnail, int n = 1) => new("porch", Guid.CreateVersion7(T0.AddSeconds(n)), $"/cams/porch/{n}.jpg", thumbnail);

    private static long _ids;

    /// <summary>Checks each picture in turn as the handler does; returns the state and every event recorded.</summary>
    private static (CameraScene? State, List<object> Events) Check(CameraScene? state, params byte[][] pictures)
    {
        var events = new List<object>();
        foreach (var (picture, n) in pictures.Select((p, i) => (p, i)))
        {
            var cmd = Picture(picture, n);
            long? id = SceneDecisions.RecordsChange(cmd, state, Threshold) ? Interlocked.Increment(ref _ids) : null;
            var decision = SceneDecisions.Check(cmd, state, Threshold, id, T0.AddSeconds(n));
            Assert.True(decision.Succeeded);
            events.AddRange(decision.Events);
            state = StreamFold.Fold(decision.Events, state);
        }
        return (state, events);
    }

    [Fact]
    public void The_first_picture_becomes_the_reference_and_the_same_view_again_records_nothing()
    {
        var (state, events) = Check(null, Garden, Garden, Garden);
        var set = Assert.IsType<SceneReferenceSet>(Assert.Single(events));
        Assert.Equal(SceneReferenceReason.FirstPicture, set.Reason);
        Assert.Equal(Garden, state!.Reference);
    }

    [Fact]
    public void A_black_first_picture_is_no_reference()
    {
        var (state, events) = Check(null, Black);
        Assert.Empty(events);
        Assert.Null(state);
    }

    [Fact]
    public void A_black_frame_after_normal_ones_is_view_blocked_once_and_the_view_coming_back_restores_it()
    {
        var (_, events) = Check(null, Garden, Garden, Black, Black, Black, Garden);
        var change = Assert.IsType<SceneChangeDetected>(events[1]);
        Assert.Equal(SceneChangeType.ViewBlocked, change.ChangeType);
        Assert.InRange(change.SimilarityScore, 0, Threshold);
        var restored = Assert.IsType<SceneViewRestored>(events[2]);
        Assert.Equal(change.ChangeId, restored.ChangeId);
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public void A_turned_camera_records_one_change_and_acknowledging_it_adopts_the_new_view()
    {
        var (state, events) = Check(null, Garden, Street, Street, Street);
        var change = Assert.IsType<SceneChangeDetected>(events[1]);
        Assert.Equal(SceneChangeType.AngleChanged, change.ChangeType);
        Assert.Equal(2, events.Count);

        var ack = SceneDecisions.Acknowledge("porch", change.ChangeId, state, T0.AddMinutes(1));
        Assert.Collection(ack.Events,
            e => Assert.Equal(change.ChangeId, Assert.IsType<SceneChangeAcknowledged>(e).ChangeId),
            e => Assert.Equal((SceneReferenceReason.Acknowledged, Street), (Assert.IsType<SceneReferenceSet>(e).Reason, ((SceneReferenceSet)e).Thumbnail)));
        state = StreamFold.Fold(ack.Events, state);
        Assert.Empty(SceneDecisions.Acknowledge("porch", change.ChangeId, state, T0.AddMinutes(2)).Events);

        var (_, later) = Check(state, Street, Garden);
        Assert.Equal(SceneChangeType.AngleChanged, Assert.IsType<SceneChangeDetected>(Assert.Single(later)).ChangeType);
    }

    [Fact]
    public void Acknowledging_a_blocked_view_keeps_the_good_reference()
    {
        var (state, events) = Check(null, Garden, Black);
        var change = Assert.IsType<SceneChangeDetected>(events[1]);
        var ack = SceneDecisions.Acknowledge("porch", change.ChangeId, state, T0.AddMinutes(1));
        Assert.IsType<SceneChangeAcknowledged>(Assert.Single(ack.Events));
        state = StreamFold.Fold(ack.Events, state);
        Assert.Equal(Garden, state!.Reference);
        Assert.Empty(Check(state, Black).Events);
    }

    [Fact]
    public void Acknowledging_an_unknown_change_is_not_found()
    {
        var (state, _) = Check(null, Garden);
        Assert.Equal(ErrorKind.NotFound, SceneDecisions.Acknowledge("porch", 999, state, T0).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, SceneDecisions.Acknowledge("porch", 1, null, T0).Error!.Kind);
    }

    [Fact]
    public void A_view_mostly_covered_over_is_view_tampered()
    {
        var covered = (byte[])Garden.Clone();
        Array.Fill(covered, (byte)128, 0, Side * 20);
        var (_, events) = Check(null, Garden, covered);
        Assert.Equal(SceneChangeType.ViewTampered, Assert.IsType<SceneChangeDetected>(events[1]).ChangeType);
    }

    [Fact]
    public void A_thumbnail_of_the_wrong_size_is_refused()
    {
        Assert.Equal("thumbnail", SceneDecisions.Check(Picture([1, 2, 3]), null, Threshold, null, T0).Error!.Field);
    }
}
