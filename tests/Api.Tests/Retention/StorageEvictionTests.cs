using System.Globalization;
using Alba;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Hsi.Projections.EventStore;
using Hsi.Projections.Media;
using Hsi.Projections.SecurityEvents;
using Marten;

namespace Hsi.Api.Tests.Retention;

/// <summary>
/// A host whose cap holds one and a half pictures, checked only at start-up and after a retention run (the
/// interval is an hour), so a test records its pictures first and then asks for the check.
/// </summary>
public sealed class StorageCapFixture : HostFixture
{
    public static readonly long PictureBytes = new FileInfo(Path.Combine(FixturePaths.Images, "person.jpg")).Length;
    public static readonly string MaxGb = (PictureBytes * 1.5 / 1e9).ToString("0.############", CultureInfo.InvariantCulture);
    public static long LimitBytes => (long)(double.Parse(MaxGb, CultureInfo.InvariantCulture) * 1_000_000_000);

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["STORAGE_MAX_GB"] = MaxGb,
        ["STORAGE_MIN_FREE_PERCENT"] = "0",
        ["STORAGE_CHECK_INTERVAL_SECONDS"] = "3600",
    };
}

[CollectionDefinition(Name)]
public sealed class StorageCapCollection : ICollectionFixture<StorageCapFixture>
{
    public const string Name = "storage-cap";
}

[Collection(StorageCapCollection.Name)]
public class StorageEvictionTests(StorageCapFixture app) : IAsyncLifetime
{
    private IAlbaHost Host => app.Host;

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Drops the picture on its own camera and waits for its closed, assessed event.</summary>
    private async Task<(MediaView Media, SecurityEventView Event, string File)> RecordAsync(string camera)
    {
        var file = app.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), camera: camera);
        var assessed = await Eventually.GetAsync(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.Query<SecurityEventView>().Where(e => e.CameraId == camera && e.Closed && e.RiskScore != null).FirstOrDefaultAsync();
        }, e => e is not null, what: $"the assessed event of {camera}");
        var media = await Eventually.GetAsync(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.Query<MediaView>().Where(m => m.CameraId == camera).FirstOrDefaultAsync();
        }, m => m is { EventIds.Count: > 0 }, what: $"the grouped media of {camera}");
        return (media!, assessed!, file);
    }

    /// <summary>The media's evictions, with their places in the store's global order.</summary>
    private async Task<List<(MediaEvicted Evicted, long Sequence)>> EvictionsAsync(Guid mediaId)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Where(e => e.Data is MediaEvicted).Select(e => ((MediaEvicted)e.Data, e.Sequence))];
    }

    [Fact]
    public async Task Over_the_cap_the_reviewed_media_goes_before_an_older_unreviewed_one_and_the_flagged_one_is_kept()
    {
        var unreviewed = await RecordAsync("garage");
        var reviewed = await RecordAsync("front_door");
        var flagged = await RecordAsync("backyard");
        Assert.True(unreviewed.Media.ReceivedAt < reviewed.Media.ReceivedAt);
        await Host.SendAsync(HttpMethod.Patch, $"/api/events/{reviewed.Event.Id}", new { reviewed = true });
        await Host.SendAsync(HttpMethod.Patch, $"/api/events/{flagged.Event.Id}", new { flagged = true });
        // The reviewed one's thumbnail is made, so it has pictures to lose too.
        var reviewedDetection = reviewed.Event.DetectionIds[0];
        await Host.Scenario(s => { s.Get.Url($"/api/detections/{reviewedDetection}/image"); s.StatusCodeShouldBeOk(); });
        var thumbnails = Path.Combine(app.DataDir, "thumbnails", reviewed.Media.Id.ToString());
        var thumbnailBytes = Directory.EnumerateFiles(thumbnails).Sum(f => new FileInfo(f).Length);
        Assert.True(thumbnailBytes > 0);

        // Nothing is old enough for retention; the run still asks for a storage check.
        await Host.CleanupAsync(dryRun: false);
        var storage = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/system/storage"),
            s => s["evicted_today"]!["count"]!.GetValue<int>() == 2 && s["used"]?.GetValue<long>() == StorageCapFixture.PictureBytes,
            what: "two evictions, and the flagged picture alone measured");

        var (first, firstSequence) = Assert.Single(await EvictionsAsync(reviewed.Media.Id));
        var (second, secondSequence) = Assert.Single(await EvictionsAsync(unreviewed.Media.Id));
        // The reviewed one went first although the unreviewed one is older.
        Assert.True(firstSequence < secondSequence);
        Assert.Empty(await EvictionsAsync(flagged.Media.Id));
        Assert.Equal(EvictionReasons.StorageMaxGb, first.Reason);
        Assert.Equal(StorageCapFixture.PictureBytes + thumbnailBytes, first.BytesFreed);
        Assert.Equal([EvictedPathKinds.Media, EvictedPathKinds.Thumbnail], first.PathKinds);
        Assert.Equal(StorageCapFixture.PictureBytes, second.BytesFreed);
        Assert.Equal([EvictedPathKinds.Media], second.PathKinds);
        Assert.False(first.Flagged || second.Flagged);

        Assert.False(File.Exists(reviewed.File));
        Assert.False(File.Exists(unreviewed.File));
        Assert.False(Directory.Exists(thumbnails));
        Assert.True(File.Exists(flagged.File));

        // The record stays: the media and its detection answer, its pictures say clearly why they are gone.
        var media = await Host.GetJsonAsync($"/api/media/{reviewed.Media.Id}");
        Assert.Equal("storage_max_gb", media["eviction_reason"]!.GetValue<string>());
        Assert.NotNull(media["evicted_at"]);
        await Host.GetJsonAsync($"/api/detections/{reviewedDetection}");
        foreach (var url in new[] { $"/api/detections/{reviewedDetection}/image", $"/api/detections/{reviewedDetection}/image?full=true" })
        {
            var gone = await Host.GetJsonAsync(url, status: 410);
            Assert.Contains("evicted", gone["detail"]!.GetValue<string>());
            Assert.Contains("STORAGE_MAX_GB", gone["detail"]!.GetValue<string>());
        }
        await Host.Scenario(s => { s.Get.Url($"/api/detections/{flagged.Event.DetectionIds[0]}/image"); s.StatusCodeShouldBeOk(); });

        Assert.Equal(StorageCapFixture.LimitBytes, storage["limit"]!.GetValue<long>());
        Assert.Equal(first.BytesFreed + second.BytesFreed, storage["evicted_today"]!["bytes"]!.GetValue<long>());
        Assert.Equal(0, storage["evicted_today"]!["flagged"]!.GetValue<int>());
        Assert.Equal(flagged.Media.ReceivedAt, storage["oldest_kept"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, storage["min_free_percent"]!.GetValue<double>());
        Assert.True(storage["free"]!.GetValue<long>() > 0);
        Assert.InRange(storage["free_percent"]!.GetValue<double>(), 0.01, 100);

        var metrics = await (await Host.Scenario(s => s.Get.Url("/metrics"))).ReadAsTextAsync();
        Assert.Contains($"hsi_storage_limit_bytes {StorageCapFixture.LimitBytes}", metrics);
        Assert.Contains($"hsi_storage_used_bytes {StorageCapFixture.PictureBytes}", metrics);
        Assert.Contains("hsi_storage_evicted_media_total{flagged=\"false\"}", metrics);
    }

    [Fact]
    public async Task Eviction_never_follows_a_link_out_of_CAMERA_ROOT_nor_deletes_a_file_the_system_did_not_record()
    {
        var recorded = await app.RecordAsync(ageDays: 0);
        // The recorded camera file swapped for a link to a file outside CAMERA_ROOT.
        var outside = Path.Combine(app.DataDir, "outside.jpg");
        File.Move(recorded.CameraFile, outside);
        File.CreateSymbolicLink(recorded.CameraFile, outside);
        var unrecorded = app.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"), "unrecorded.jpg.part", camera: "front_door");
        // Its thumbnails are over the cap on their own.
        var thumbnails = Path.Combine(app.DataDir, "thumbnails", recorded.MediaId.ToString());
        await File.WriteAllBytesAsync(Path.Combine(thumbnails, "big.jpg"), new byte[StorageCapFixture.LimitBytes]);

        await Host.CleanupAsync(dryRun: false);
        await Eventually.GetAsync(() => Host.GetJsonAsync("/api/system/storage"),
            s => s["evicted_today"]!["count"]!.GetValue<int>() >= 1, what: "the eviction");

        var (evicted, _) = Assert.Single(await EvictionsAsync(recorded.MediaId));
        Assert.Equal([EvictedPathKinds.Thumbnail], evicted.PathKinds);
        Assert.Equal(StorageCapFixture.LimitBytes + 2000, evicted.BytesFreed);
        Assert.False(Directory.Exists(thumbnails));
        Assert.True(File.Exists(outside));
        Assert.NotNull(new FileInfo(recorded.CameraFile).LinkTarget);
        Assert.True(File.Exists(unrecorded));
    }
}

/// <summary>The storage view of a host with no cap (the default): nothing is evicted, and only today's evictions count.</summary>
public class StorageFiguresTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Without_a_cap_the_limit_is_null_and_evicted_today_counts_only_evictions_since_utc_midnight()
    {
        var yesterday = await App.RecordAsync(ageDays: 1);
        var today = await App.RecordAsync(ageDays: 0);
        await using (var session = App.Store.LightweightSession())
        {
            foreach (var (mediaId, at, bytes) in new[] { (yesterday.MediaId, DateTime.UtcNow.Date.AddHours(-1), 500L), (today.MediaId, DateTime.UtcNow, 700L) })
            {
                var read = await session.ReadStreamAsync<MediaFile>(StreamKeys.Media(mediaId), CancellationToken.None);
                session.Append(read, MediaDecisions.Evict(
                    new EvictMedia(mediaId, EvictionReasons.StorageMinFreePercent, bytes, [EvictedPathKinds.Media], true, new DateTimeOffset(at, TimeSpan.Zero)), read.State));
            }
            await session.SaveChangesAsync();
        }

        var storage = await Host.GetJsonAsync("/api/system/storage");
        Assert.Null(storage["limit"]);
        Assert.Equal(5, storage["min_free_percent"]!.GetValue<double>());
        Assert.Equal(1, storage["evicted_today"]!["count"]!.GetValue<int>());
        Assert.Equal(700, storage["evicted_today"]!["bytes"]!.GetValue<long>());
        Assert.Equal(1, storage["evicted_today"]!["flagged"]!.GetValue<int>());
        // Both are evicted: nothing is kept.
        Assert.Null(storage["oldest_kept"]);
        Assert.NotNull(storage["timestamp"]);
        // Evicted, its detection's thumbnail is gone for good: 410, not a crash.
        var gone = await Host.GetJsonAsync($"/api/detections/{today.DetectionIds[0]}/image", status: 410);
        Assert.Contains("evicted", gone["detail"]!.GetValue<string>());
    }
}
