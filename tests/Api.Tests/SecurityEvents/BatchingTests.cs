using Hsi.Api.Tests.Detections;
using Alba;
using Hsi.Domain.Calibration;
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

        // Its risk is decided with the calibration in force, and the level always agrees with the score.
        var assessed = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.LoadAsync<SecurityEventView>(closed.Id);
        }, e => e?.RiskScore is not null, what: "the event's risk assessment");
        Assert.Equal(RiskLevels.Of(assessed!.RiskScore!.Value, Thresholds.Defaults).Name(), assessed.RiskLevel);
        var response = await (await Host.Scenario(s => s.Get.Url($"/api/events/{closed.Id}"))).JsonAsync();
        Assert.Equal(6, response["detection_count"]!.GetValue<int>());
        Assert.Equal(assessed.RiskLevel, response.Str("risk_level"));
    }

    [Fact]
    public async Task A_camera_with_months_of_batches_behind_it_groups_the_next_file_into_a_new_event_and_closes_it()
    {
        // Two events per batch for ever: a long history of batches already opened and closed.
        const int Batches = 1500;
        var stream = StreamKeys.Batching("front_door");
        var at = DateTimeOffset.UtcNow.AddDays(-90);
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(stream, Enumerable.Range(1, Batches).SelectMany(i => new object[]
            {
                new CameraBatchOpened("front_door", 1_000_000 + i, at.AddHours(i)),
                new CameraBatchClosed("front_door", 1_000_000 + i, at.AddHours(i).AddMinutes(1)),
            }).ToArray());
            await session.SaveChangesAsync();
        }

        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));

        var closed = Assert.Single(await Eventually.GetAsync(ClosedEventsAsync, e => e.Count > 0, what: "a closed security event"));
        Assert.Equal(3, closed.DetectionCount);
        Assert.True(closed.Id < 1_000_000, $"a fresh event id from the sequence, got {closed.Id}");
        await using var query = App.Store.QuerySession();
        var tail = (await query.Events.FetchStreamAsync(stream, fromVersion: 2 * Batches + 1)).Select(e => e.Data).ToList();
        Assert.Equal([new CameraBatchOpened("front_door", closed.Id, default), new CameraBatchClosed("front_door", closed.Id, default)],
            tail.Select(e => e switch
            {
                CameraBatchOpened o => (object)(o with { At = default }),
                CameraBatchClosed c => c with { At = default },
                _ => e,
            }));
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
        // Straight to the grouping handler, twice in one batch: the media stream says it was grouped, and the batch repeats it.
        await Wolverine.Tracking.WolverineHostMessageTrackingExtensions.InvokeMessageAndWaitAsync(Host, new[] { again, again });

        var all = await session.Query<SecurityEventView>().ToListAsync();
        Assert.Equal(first.Id, Assert.Single(all).Id);
        Assert.Equal(3, all[0].DetectionCount);
    }
}

/// <summary>A host whose batches stay open long enough for fifty files on a slow machine.</summary>
public sealed class SlowBatchFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["BATCH_IDLE_TIMEOUT_SECONDS"] = "10",
    };
}

[CollectionDefinition(Name)]
public sealed class SlowBatchCollection : ICollectionFixture<SlowBatchFixture>
{
    public const string Name = "slow-batch";
}

[Collection(SlowBatchCollection.Name)]
public class BurstBatchingTests(SlowBatchFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Fifty_distinct_files_dropped_at_once_into_one_camera_make_one_batch_and_one_event()
    {
        var dog = await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var staging = Directory.CreateTempSubdirectory("hsi-burst-").FullName;
        var folder = app.CameraFolder("porch");
        // Distinct bytes after the JPEG's end: fifty files of different content that decode the same.
        for (var i = 0; i < 50; i++) await File.WriteAllBytesAsync(Path.Combine(staging, $"burst_{i:D2}.jpg"), [.. dog, (byte)i, (byte)(i >> 8)]);
        foreach (var file in Directory.GetFiles(staging)) File.Move(file, Path.Combine(folder, Path.GetFileName(file)));

        var events = await Eventually.GetAsync(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.Query<SecurityEventView>().ToListAsync();
        }, e => e.Count > 0 && e.All(x => x.Closed) && e.Sum(x => x.DetectionCount) >= 150, TimeSpan.FromMinutes(3), "the burst's events closed");

        var only = Assert.Single(events);
        Assert.Equal(150, only.DetectionCount);
        Assert.Equal(150, only.DetectionIds.Distinct().Count());
        Assert.Equal(CloseReason.Idle, only.CloseReason);
        Directory.Delete(staging, recursive: true);
    }
}
