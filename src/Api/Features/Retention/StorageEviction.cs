using Hsi.Api.Infrastructure;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using Hsi.Projections.Media;
using Hsi.Projections.SecurityEvents;
using Prometheus;

namespace Hsi.Api.Features.Retention;

/// <summary>What one eviction pass found and did.</summary>
public sealed record EvictionPass(long BytesOver, string? Reason, int Evicted, long BytesFreed);

/// <summary>
/// Retention by disk size: while the kept camera files and their pictures take more than STORAGE_MAX_GB, or
/// CAMERA_ROOT's filesystem has less than STORAGE_MIN_FREE_PERCENT free, files go in <see cref="EvictionOrder"/>,
/// oldest first, at most <see cref="BatchSize"/> a pass. Each is recorded first (<see cref="MediaEvicted"/> on
/// its media stream, so every reader sees it gone), then its files are deleted. Only files the system recorded
/// are touched: the camera file when it is still a regular file inside CAMERA_ROOT, and its pictures in DATA_DIR.
/// </summary>
public sealed class StorageEviction(
    IDocumentStore store, EventStreamWriter writer, StorageUsage usage, HsiSettings settings, CameraFileAccess files, TimeProvider clock,
    ILogger<StorageEviction> logger)
{
    /// <summary>Files evicted per pass: a pass stays short; a full one is followed by the next at once.</summary>
    public const int BatchSize = 50;

    /// <summary>Kept files read per page, oldest first, and the pages one pass reads at most.</summary>
    private const int PageSize = 500, MaxPages = 10;

    private static readonly Counter EvictedMedia = Metrics.CreateCounter(
        "hsi_storage_evicted_media_total", "Files evicted for disk space; flagged: whether they were of a flagged event.", "flagged");
    private static readonly Counter EvictedBytes = Metrics.CreateCounter("hsi_storage_evicted_bytes_total", "Bytes freed by evictions for disk space.");

    private readonly SemaphoreSlim _wake = new(0, 1);

    private sealed record Candidate(MediaView Media, int Rank);

    /// <summary>Asks for a check now (after a retention run) rather than at the next interval, if this node runs the eviction.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check is already asked for.
        }
    }

    /// <summary>Waits for the next check: the interval, or a <see cref="Wake"/>.</summary>
    public async Task WaitForNextCheckAsync(CancellationToken ct) =>
        await _wake.WaitAsync(TimeSpan.FromSeconds(settings.StorageCheckIntervalSeconds), ct);

    public async Task<EvictionPass> RunPassAsync(CancellationToken ct)
    {
        var measured = await usage.MeasureAsync(clock.GetUtcNow(), ct);
        await usage.PublishAsync(measured);
        var (over, reason) = BytesOver(measured.UsedBytes, usage.Space());
        if (reason is null) return new EvictionPass(0, null, 0, 0);

        var (evicted, freed, left) = (0, 0L, over);
        foreach (var candidate in await CandidatesAsync(ct))
        {
            if (left <= 0 || evicted == BatchSize) break;
            if (await EvictAsync(candidate, reason, ct) is not { } bytes) continue;
            evicted++;
            freed += bytes;
            // A file already gone from disk still counted in the measurement, at its received size.
            left -= Math.Max(bytes, candidate.Media.SizeBytes);
        }
        if (evicted > 0)
        {
            await usage.PublishAsync(await usage.MeasureAsync(clock.GetUtcNow(), ct));
            logger.LogInformation("Storage eviction ({Reason}): {Count} files, {Bytes} bytes freed, {Over} bytes were over", reason, evicted, freed, over);
        }
        else logger.LogWarning("Storage is {Over} bytes over ({Reason}) and no kept file can be evicted", over, reason);
        return new EvictionPass(over, reason, evicted, freed);
    }

    /// <summary>How many bytes must go, and why: the cap when over it, else the free-space floor; no reason when neither.</summary>
    private (long Over, string? Reason) BytesOver(long used, FilesystemSpace? space)
    {
        if (settings.StorageLimitBytes is { } limit && used > limit) return (used - limit, EvictionReasons.StorageMaxGb);
        if (space is null) return (0, null);
        var floor = (long)(space.TotalBytes * settings.StorageMinFreePercent / 100);
        return settings.StorageMinFreePercent > 0 && space.FreeBytes < floor
            ? (floor - space.FreeBytes, EvictionReasons.StorageMinFreePercent)
            : (0, null);
    }

    /// <summary>
    /// The kept files in eviction order, read oldest first from the index of kept files a page at a time until a
    /// batch of files of unflagged events is found; flagged events' files follow only when every kept file was read.
    /// </summary>
    private async Task<IReadOnlyList<Candidate>> CandidatesAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var found = new List<Candidate>();
        var readAll = false;
        for (var page = 0; page < MaxPages; page++)
        {
            var media = await session.Query<MediaView>()
                .Where(m => m.EvictedAt == null)
                .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
                .Skip(page * PageSize).Take(PageSize)
                .ToListAsync(ct);
            var eventIds = media.SelectMany(m => m.EventIds).Distinct().ToArray();
            var ranks = eventIds.Length == 0
                ? []
                : (await session.Query<SecurityEventView>().Where(e => eventIds.Contains(e.Id)).ToListAsync(ct))
                    .ToDictionary(e => e.Id, e => EvictionOrder.RankOf(e.Flagged, e.Reviewed, e.RiskLevel));
            found.AddRange(media
                .Where(m => m.State is MediaState.Analyzed or MediaState.Rejected)
                .Select(m => new Candidate(m, m.EventIds.Select(id => ranks.GetValueOrDefault(id)).DefaultIfEmpty(0).Max())));
            if (media.Count < PageSize)
            {
                readAll = true;
                break;
            }
            if (found.Count(c => c.Rank < EvictionOrder.Flagged) >= BatchSize) break;
        }
        return [.. found.Where(c => readAll || c.Rank < EvictionOrder.Flagged).OrderBy(c => c.Rank).ThenBy(c => c.Media.ReceivedAt)];
    }

    /// <summary>Records the eviction, then deletes the files; the bytes freed, or null when the stream decided nothing (already evicted or expired).</summary>
    private async Task<long?> EvictAsync(Candidate candidate, string reason, CancellationToken ct)
    {
        var media = candidate.Media;
        var found = FilesOf(media);
        var bytes = found.Sum(f => f.File.Length);
        var command = new EvictMedia(media.Id, reason, bytes, [.. found.Select(f => f.Kind).Distinct()], candidate.Rank == EvictionOrder.Flagged, clock.GetUtcNow());
        var key = StreamKeys.Media(media.Id);
        var recorded = false;
        await writer.WriteAsync([key], null, async (session, token) =>
        {
            var read = await session.ReadStreamAsync<MediaFile>(key, token);
            var version = session.Append(read, MediaDecisions.Evict(command, read.State));
            recorded = version > read.Version;
            return new WriteOutcome(version);
        }, ct);
        if (!recorded) return null;

        foreach (var (file, _) in found)
        {
            try
            {
                file.Delete();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Storage eviction could not delete {Path}: {Reason}", file.FullName, ex.Message);
            }
        }
        var thumbnails = Path.Combine(usage.ThumbnailsDir, media.Id.ToString());
        if (Directory.Exists(thumbnails) && !Directory.EnumerateFileSystemEntries(thumbnails).Any()) Directory.Delete(thumbnails);
        EvictedMedia.WithLabels(command.Flagged ? "true" : "false").Inc();
        EvictedBytes.Inc(bytes);
        return bytes;
    }

    /// <summary>The file's bytes on disk: the camera file if it is still a regular file inside CAMERA_ROOT, its thumbnails and frames.</summary>
    private List<(FileInfo File, string Kind)> FilesOf(MediaView media)
    {
        var found = new List<(FileInfo, string)>();
        if (CameraFileOf(media) is { } original) found.Add((original, EvictedPathKinds.Media));
        var thumbnails = new DirectoryInfo(Path.Combine(usage.ThumbnailsDir, media.Id.ToString()));
        if (thumbnails.Exists)
            found.AddRange(thumbnails.EnumerateFiles().Where(f => f.LinkTarget is null).Select(f => (f, EvictedPathKinds.Thumbnail)));
        var frames = new DirectoryInfo(usage.FramesDir);
        if (frames.Exists)
            found.AddRange(frames.EnumerateFiles($"{media.Id}_*.jpg").Where(f => f.LinkTarget is null).Select(f => (f, EvictedPathKinds.Frame)));
        return found;
    }

    /// <summary>Untrusted: never a link, never outside CAMERA_ROOT (<see cref="CameraFileAccess"/> opens it to make sure).</summary>
    private FileInfo? CameraFileOf(MediaView media)
    {
        var file = new FileInfo(media.FilePath);
        if (!file.Exists || file.LinkTarget is not null) return null;
        try
        {
            using var opened = files.Open(file.FullName);
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CameraFileRefusedException)
        {
            return null;
        }
    }
}
