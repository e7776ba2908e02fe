using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.SecurityEvents;
using Marten;

namespace Hsi.Api.Tests.SecurityEvents;

public class BatchingTests(AppFixture app) : ApiTest(app)
{
    private async Task<IReadOnlyList<SecurityEventView>> ClosedEventsAsync()
    {
        await using var session = App.Store.QuerySession();
        return await session.Query<SecurityEventView>().Where(e => e.Closed).ToListAsync();
    }

    [Fact]
    public async Task Two_fixtures_dropped_together_make_one_event_with_all_six_detections_after_the_idle_timeout()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));

        var events = await Eventually.GetAsync(ClosedEventsAsync, e => e.Count > 0, what: "a closed security event");
        var closed = Assert.Single(events);
        Assert.Equal(6, closed.DetectionCount);
        Assert.Equal(["bicycle", "car", "dog", "horse", "person"], closed.ObjectTypes.Order());
        Assert.Equal(CloseReason.Idle, closed.CloseReason);
        Assert.Equal("front_door", closed.CameraId);
        Assert.Equal($"batch_{closed.Id}", closed.BatchId);
        Assert.True(closed.EndedAt >= closed.StartedAt);

        var detections = await Host.DetectionsAsync();
        Assert.Equal(detections.Select(d => d!["id"]!.GetValue<long>()).Order(), closed.DetectionIds.Order());
    }

    [Fact]
    public async Task Grouping_a_file_twice_attaches_its_detections_once()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var first = Assert.Single(await Eventually.GetAsync(ClosedEventsAsync, e => e.Count > 0, what: "a closed security event"));

        await using var session = App.Store.QuerySession();
        var media = await session.Query<Hsi.Projections.Media.MediaView>().SingleAsync();
        var analysed = (await session.Events.FetchStreamAsync(StreamKeys.Media(media.Id))).Select(e => e.Data).OfType<MediaAnalyzed>().Single();
        var again = new GroupDetections(analysed.CameraId, analysed.MediaId, analysed.Detections
            .Select(d => new BatchedDetection(d.DetectionId, analysed.MediaId, d.ObjectType, d.Confidence, d.X, d.Y, d.Width, d.Height, d.DetectedAt)).ToList());
        await Wolverine.Tracking.WolverineHostMessageTrackingExtensions.InvokeMessageAndWaitAsync(Host, again);

        var all = await session.Query<SecurityEventView>().ToListAsync();
        Assert.Equal(first.Id, Assert.Single(all).Id);
        Assert.Equal(3, all[0].DetectionCount);
    }
}
