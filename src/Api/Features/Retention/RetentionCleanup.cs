using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Handlers;
using Hsi.Inference.Media;
using Hsi.Projections.Detections;
using Hsi.Projections.EventStore;
using Hsi.Projections.Media;
using Hsi.Projections.SecurityEvents;
using Npgsql;

namespace Hsi.Api.Features.Retention;

/// <summary>What a cleanup removed, or in a dry run would remove (CONTRACT.md CleanupResponse).</summary>
public sealed record CleanupReport(
    int EventsDeleted, int DetectionsDeleted, int GpuStatsDeleted, int LogsDeleted, int ThumbnailsDeleted, int ImagesDeleted,
    long SpaceReclaimed, int RetentionDays, DateTimeOffset Timestamp, bool DryRun);

/// <summary>
/// Retention (SPEC.md §5): security events and files older than the retention period leave the read
/// models, and their thumbnails (and, with CLEANUP_DELETE_MEDIA, the camera files) are deleted. Their
/// streams are never rewritten: each gets an expiry event, which its projections turn into a deletion
/// (so a rebuild agrees), and is then archived, still readable for audit. A dry run computes the same
/// plan and stops before carrying it out, so it reports exactly what the real run then does.
/// </summary>
public sealed class RetentionCleanup(
    IDocumentStore store, NpgsqlDataSource dataSource, ILiveSettings live, HsiSettings settings, CameraFileAccess files, StorageEviction eviction,
    TimeProvider clock, ILogger<RetentionCleanup> logger)
{
    /// <summary>Streams archived per transaction: big enough to be quick, small enough not to hold locks long.</summary>
    private const int ChunkSize = 200;

    private readonly string _thumbnails = Path.Combine(settings.DataDir, "thumbnails");

    private sealed record ExpiringMedia(MediaView Media, IReadOnlyList<long> DetectionIds, IReadOnlyList<FileInfo> Thumbnails, FileInfo? Original);

    private sealed record Plan(IReadOnlyList<long> EventIds, IReadOnlyList<ExpiringMedia> Media)
    {
        public int Detections => Media.Sum(m => m.DetectionIds.Count);
        public int Thumbnails => Media.Sum(m => m.Thumbnails.Count);
        public int Images => Media.Count(m => m.Original is not null);
        public long Bytes => Media.Sum(m => m.Thumbnails.Sum(t => t.Length) + (m.Original?.Length ?? 0));
    }

    public async Task<CleanupReport> RunAsync(bool dryRun, string trigger, CancellationToken ct)
    {
        var retentionDays = (await live.CurrentAsync(ct)).RetentionDays;
        var now = clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(retentionDays);
        var plan = await PlanAsync(cutoff, ct);
        var report = new CleanupReport(plan.EventIds.Count, plan.Detections, 0, 0, plan.Thumbnails, plan.Images, plan.Bytes, retentionDays, now, dryRun);
        if (dryRun) return report;

        await ExpireAsync(plan, now, ct);
        DeleteFiles(plan);
        await using (var session = store.LightweightSession())
        {
            var log = await session.ReadStreamAsync<RetentionLog>(StreamKeys.Retention, ct);
            session.Append(log, RetentionDecisions.RecordCleanup(new RecordCleanup(retentionDays, cutoff, report.EventsDeleted,
                report.DetectionsDeleted, report.ThumbnailsDeleted, report.ImagesDeleted, report.SpaceReclaimed, trigger, now), log.State));
            await session.SaveChangesAsync(ct);
        }
        logger.LogInformation("Retention cleanup ({Trigger}, {Days} days): {Events} events, {Detections} detections, {Thumbnails} thumbnails, {Images} camera files, {Bytes} bytes",
            trigger, retentionDays, report.EventsDeleted, report.DetectionsDeleted, report.ThumbnailsDeleted, report.ImagesDeleted, report.SpaceReclaimed);
        // What retention left may still be over the disk-size bounds: check them now.
        eviction.Wake();
        return report;
    }

    /// <summary>
    /// Closed events that started before the cutoff, and files received before it whose analysis is over
    /// (one still waiting is left alone). An open batch is never cut from under the batching.
    /// </summary>
    private async Task<Plan> PlanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var eventIds = await session.Query<SecurityEventView>()
            .Where(e => e.Closed && e.StartedAt < cutoff).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        var media = await session.Query<MediaView>()
            .Where(m => m.ReceivedAt < cutoff && m.State != MediaState.Received).OrderBy(m => m.ReceivedAt).ToListAsync(ct);

        var expiring = new List<ExpiringMedia>(media.Count);
        foreach (var chunk in media.Chunk(ChunkSize))
        {
            var ids = chunk.Select(m => m.Id).ToArray();
            var detections = (await session.Query<DetectionView>().Where(d => ids.Contains(d.MediaId)).Select(d => new { d.Id, d.MediaId }).ToListAsync(ct))
                .ToLookup(d => d.MediaId, d => d.Id);
            expiring.AddRange(chunk.Select(m => new ExpiringMedia(m, [.. detections[m.Id].Order()], ThumbnailsOf(m.Id), OriginalOf(m))));
        }
        return new Plan(eventIds, expiring);
    }

    private IReadOnlyList<FileInfo> ThumbnailsOf(Guid mediaId)
    {
        var dir = new DirectoryInfo(Path.Combine(_thumbnails, mediaId.ToString()));
        return dir.Exists ? [.. dir.EnumerateFiles("*", SearchOption.AllDirectories)] : [];
    }

    /// <summary>
    /// The camera's file, when CLEANUP_DELETE_MEDIA asks for it and it is still a regular file inside
    /// CAMERA_ROOT (untrusted: never a link, so deleting it can never remove anything else).
    /// </summary>
    private FileInfo? OriginalOf(MediaView media)
    {
        if (!settings.CleanupDeleteMedia) return null;
        var file = new FileInfo(media.FilePath);
        if (!file.Exists || file.LinkTarget is not null) return null;
        try
        {
            using var opened = files.Open(file.FullName);
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task ExpireAsync(Plan plan, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var chunk in plan.EventIds.Chunk(ChunkSize))
            await ExpireAsync<SecurityEvent>(chunk.Select(StreamKeys.SecurityEvent), (read, i) =>
                RetentionDecisions.ExpireSecurityEvent(new ExpireSecurityEvent(chunk[i], now), read.State), ct);
        foreach (var chunk in plan.Media.Chunk(ChunkSize))
            await ExpireAsync<MediaFile>(chunk.Select(m => StreamKeys.Media(m.Media.Id)), (read, i) =>
                MediaDecisions.Expire(new ExpireMedia(chunk[i].Media.Id, chunk[i].Media.CameraId, chunk[i].DetectionIds, now), read.State), ct);
    }

    /// <summary>
    /// The streams read in one round trip, their expiry events (their projections drop the documents)
    /// appended with the versions read, then the streams archived, in one transaction: Marten archives
    /// before it appends within one SaveChanges, so the two are saved in turn on a transaction of our
    /// own, and a failure in between (a concurrent write to one of them) leaves nothing half done.
    /// <paramref name="expire"/> decides the expiry of the i-th stream of <paramref name="keys"/>.
    /// </summary>
    private async Task ExpireAsync<TState>(IEnumerable<string> keys, Func<StreamRead<TState>, int, Decision> expire, CancellationToken ct)
        where TState : class, IEvolving<TState>
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var streams = await session.ReadStreamsAsync<TState>(keys, ct);
        var expired = new List<string>(streams.Count);
        for (var i = 0; i < streams.Count; i++)
            if (session.Append(streams[i], expire(streams[i], i)) > streams[i].Version) expired.Add(streams[i].Key);
        await session.SaveChangesAsync(ct);
        foreach (var key in expired) session.Events.ArchiveStream(key);
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private void DeleteFiles(Plan plan)
    {
        foreach (var m in plan.Media)
        {
            foreach (var file in m.Thumbnails.Append(m.Original).OfType<FileInfo>())
            {
                try
                {
                    file.Delete();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Retention could not delete {Path}: {Reason}", file.FullName, ex.Message);
                }
            }
            var dir = Path.Combine(_thumbnails, m.Media.Id.ToString());
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
    }
}
