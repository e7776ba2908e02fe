using Hsi.Api.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Alba;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Detections;
using Hsi.Projections.Media;
using Hsi.Projections.SecurityEvents;
using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Retention;

public class RetentionTests(AppFixture app) : ApiTest(app)
{
    private Task<Dictionary<string, long>> CleanupAsync(bool dryRun) => Host.CleanupAsync(dryRun);

    [Fact]
    public async Task A_dry_run_reports_exactly_what_the_real_run_then_removes_and_the_archived_streams_stay_readable()
    {
        var old = await App.RecordAsync(ageDays: 40);
        var older = await App.RecordAsync(ageDays: 35);
        var recent = await App.RecordAsync(ageDays: 2);

        var dry = await CleanupAsync(dryRun: true);
        Assert.Equal(2, dry["events_deleted"]);
        Assert.Equal(4, dry["detections_deleted"]);
        Assert.Equal(4, dry["thumbnails_deleted"]);
        Assert.Equal(0, dry["images_deleted"]);
        Assert.Equal(4000, dry["space_reclaimed"]);
        Assert.Equal(30, dry["retention_days"]);
        // A dry run removes nothing.
        Assert.Equal(6, (await Host.DetectionsAsync()).Count);
        Assert.True(File.Exists(Path.Combine(App.DataDir, "thumbnails", old.MediaId.ToString(), $"{old.DetectionIds[0]}.jpg")));

        var real = await CleanupAsync(dryRun: false);
        Assert.Equal(dry, real);

        var left = await Host.DetectionsAsync();
        Assert.Equal(recent.DetectionIds.Order(), left.Select(d => d!["id"]!.GetValue<long>()).Order());
        await Host.Scenario(s => { s.Get.Url($"/api/events/{old.EventId}"); s.StatusCodeShouldBe(404); });
        await Host.Scenario(s => { s.Get.Url($"/api/events/{recent.EventId}"); s.StatusCodeShouldBeOk(); });
        await using (var session = App.Store.QuerySession())
        {
            Assert.Null(await session.LoadAsync<MediaView>(old.MediaId));
            Assert.Null(await session.LoadAsync<MediaView>(older.MediaId));
            Assert.NotNull(await session.LoadAsync<MediaView>(recent.MediaId));
            Assert.Null(await session.LoadAsync<DetectionView>(older.DetectionIds[1]));
            Assert.Null(await session.LoadAsync<SecurityEventView>(older.EventId));

            // Archived, not rewritten: every event is still there for audit, the expiry last.
            var audit = await session.Events.QueryAllRawEvents()
                .Where(e => e.MaybeArchived() && e.StreamKey == StreamKeys.Media(old.MediaId)).OrderBy(e => e.Version).ToListAsync();
            Assert.Equal([typeof(MediaReceived), typeof(MediaAnalyzed), typeof(MediaExpired)], audit.Select(e => e.Data.GetType()));
            Assert.All(audit, e => Assert.True(e.IsArchived));
            var eventAudit = await session.Events.QueryAllRawEvents()
                .Where(e => e.MaybeArchived() && e.StreamKey == StreamKeys.SecurityEvent(old.EventId)).ToListAsync();
            Assert.Equal(4, eventAudit.Count);
            Assert.All(eventAudit, e => Assert.True(e.IsArchived));
            var live = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == StreamKeys.SecurityEvent(old.EventId)).ToListAsync();
            Assert.Empty(live);

            // The cleanup itself is on record.
            var ran = (await session.Events.FetchStreamAsync(StreamKeys.Retention)).Select(e => e.Data).OfType<RetentionCleanupRan>().ToList();
            var recorded = Assert.Single(ran);
            Assert.Equal(2, recorded.EventsDeleted);
            Assert.Equal("api", recorded.Trigger);
        }

        Assert.False(Directory.Exists(Path.Combine(App.DataDir, "thumbnails", old.MediaId.ToString())));
        Assert.True(File.Exists(Path.Combine(App.DataDir, "thumbnails", recent.MediaId.ToString(), $"{recent.DetectionIds[0]}.jpg")));
        // Camera files stay unless CLEANUP_DELETE_MEDIA=true.
        Assert.True(File.Exists(old.CameraFile));

        // Nothing is left to remove.
        var again = await CleanupAsync(dryRun: false);
        Assert.Equal(0, again["events_deleted"] + again["detections_deleted"] + again["thumbnails_deleted"]);
    }

    [Fact]
    public async Task A_shorter_retention_set_at_run_time_applies_to_the_next_cleanup()
    {
        await App.RecordAsync(ageDays: 5);
        Assert.Equal(0, (await CleanupAsync(dryRun: true))["events_deleted"]);
        await Host.Scenario(s => { s.Patch.Json(new { retention_days = 3 }).ToUrl("/api/system/config"); s.StatusCodeShouldBeOk(); });
        try
        {
            var dry = await CleanupAsync(dryRun: true);
            Assert.Equal(3, dry["retention_days"]);
            Assert.Equal(1, dry["events_deleted"]);
        }
        finally
        {
            await Host.Scenario(s => { s.Patch.Json(new { retention_days = 30 }).ToUrl("/api/system/config"); s.StatusCodeShouldBeOk(); });
        }
    }

    [Fact]
    public async Task A_projection_rebuild_leaves_the_expired_data_out()
    {
        var old = await App.RecordAsync(ageDays: 40);
        var recent = await App.RecordAsync(ageDays: 1);
        await CleanupAsync(dryRun: false);

        using var daemon = await App.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<DetectionViewProjection>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<SecurityEventViewProjection>(CancellationToken.None);

        await using var session = App.Store.QuerySession();
        Assert.Null(await session.LoadAsync<DetectionView>(old.DetectionIds[0]));
        Assert.Null(await session.LoadAsync<SecurityEventView>(old.EventId));
        Assert.NotNull(await session.LoadAsync<DetectionView>(recent.DetectionIds[0]));
        Assert.NotNull(await session.LoadAsync<SecurityEventView>(recent.EventId));
    }
}

/// <summary>What the pipeline leaves behind, written straight into the store with old timestamps.</summary>
public static class RetentionScenario
{
    private static long _nextId = 9_000_000;

    /// <summary>
    /// A file received <paramref name="ageDays"/> days ago with two detections grouped into a closed
    /// security event, its thumbnails on disk and its camera file in place: what the pipeline leaves behind.
    /// </summary>
    public static async Task<(Guid MediaId, long EventId, long[] DetectionIds, string CameraFile)> RecordAsync(this HostFixture app, int ageDays)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-ageDays);
        var mediaId = Guid.CreateVersion7();
        var eventId = Interlocked.Increment(ref _nextId);
        long[] ids = [Interlocked.Increment(ref _nextId), Interlocked.Increment(ref _nextId)];
        var folder = Path.Combine(app.CameraRoot, "front_door");
        Directory.CreateDirectory(folder);
        var cameraFile = Path.Combine(folder, $"{mediaId}.jpg");
        // Recorded here, as an upload records its file: the watcher, which takes a copied file at once, leaves it alone.
        await app.Host.Services.GetRequiredService<MediaIngest>().MarkUploadAsync(cameraFile);
        File.Copy(Path.Combine(FixturePaths.Images, "dog.jpg"), cameraFile);

        var detections = ids.Select(id => new RecordedDetection(id, "dog", 0.9, 1, 2, 30, 40, at, null)).ToList();
        await using var session = app.Store.LightweightSession();
        session.Events.StartStream(StreamKeys.Media(mediaId),
            new MediaReceived(mediaId, "front_door", cameraFile, "jpg", MediaType.Image, "sha", 10, at),
            new MediaAnalyzed(mediaId, "front_door", cameraFile, "jpg", MediaType.Image, new AnalysisModel("m", "1", "yolox", "cpu"),
                new AnalysisTimings(1, 1, 1, 3, 1), null, detections, at));
        session.Events.StartStream(StreamKeys.SecurityEvent(eventId),
            new BatchOpened(eventId, $"batch_{eventId}", "front_door", false, at),
            new DetectionsAttached(eventId, mediaId, [.. detections.Select(d => new BatchedDetection(d.DetectionId, mediaId, "dog", 0.9, 1, 2, 30, 40, at))], at),
            new BatchClosed(eventId, CloseReason.Idle, at));
        await session.SaveChangesAsync();

        var thumbnails = Path.Combine(app.DataDir, "thumbnails", mediaId.ToString());
        Directory.CreateDirectory(thumbnails);
        foreach (var id in ids) await File.WriteAllBytesAsync(Path.Combine(thumbnails, $"{id}.jpg"), new byte[1000]);
        return (mediaId, eventId, ids, cameraFile);
    }

    public static async Task<Dictionary<string, long>> CleanupAsync(this IAlbaHost host, bool dryRun)
    {
        var result = await host.Scenario(s => { s.Post.Url($"/api/system/cleanup?dry_run={dryRun.ToString().ToLowerInvariant()}"); s.StatusCodeShouldBeOk(); });
        var json = await result.JsonAsync();
        Assert.Equal(dryRun, json["dry_run"]!.GetValue<bool>());
        Assert.NotNull(json["timestamp"]);
        return new[] { "events_deleted", "detections_deleted", "thumbnails_deleted", "images_deleted", "space_reclaimed", "retention_days", "gpu_stats_deleted", "logs_deleted" }
            .ToDictionary(k => k, k => json[k]!.GetValue<long>());
    }
}

/// <summary>A host that deletes camera files with their media (CLEANUP_DELETE_MEDIA=true).</summary>
public sealed class DeleteMediaFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["CLEANUP_DELETE_MEDIA"] = "true",
    };
}

[CollectionDefinition(Name)]
public sealed class DeleteMediaCollection : ICollectionFixture<DeleteMediaFixture>
{
    public const string Name = "delete-media";
}

[Collection(DeleteMediaCollection.Name)]
public class RetentionDeletingMediaTests(DeleteMediaFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_CLEANUP_DELETE_MEDIA_the_camera_files_go_too_and_count_as_reclaimed_space()
    {
        var old = await app.RecordAsync(ageDays: 40);
        var recent = await app.RecordAsync(ageDays: 1);
        var size = new FileInfo(old.CameraFile).Length;

        var dry = await app.Host.CleanupAsync(dryRun: true);
        Assert.Equal(1, dry["images_deleted"]);
        Assert.Equal(2000 + size, dry["space_reclaimed"]);
        Assert.True(File.Exists(old.CameraFile));

        Assert.Equal(dry, await app.Host.CleanupAsync(dryRun: false));
        Assert.False(File.Exists(old.CameraFile));
        Assert.True(File.Exists(recent.CameraFile));
    }
}
