using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hsi.Domain.Media;
using Hsi.Inference.Media;
using Hsi.Projections.Media;
using Hsi.Api.Infrastructure;
using StackExchange.Redis;

namespace Hsi.Api.Ingest;

public enum IngestStatus { Accepted, Duplicate, Rejected, Ignored }

public sealed record IngestOutcome(IngestStatus Status, Guid? MediaId, string? Reason = null);

/// <summary>
/// The one way a file enters the pipeline, from the folder watcher or an HTTP upload: check it,
/// de-duplicate it, then record it and queue its analysis (<see cref="AcceptMedia"/>).
/// </summary>
public sealed class MediaIngest(
    CommandSender bus, MediaAcceptance acceptance, MediaDeduplicator dedup, CameraFileAccess files, IDocumentStore store,
    IConnectionMultiplexer redis, HsiSettings settings, TimeProvider clock, ILogger<MediaIngest> logger)
{
    // Uploads recorded lately: an upload is written into its camera's folder, and the watcher, on whichever
    // node holds it, must not record it a second time as its own duplicate. Marked in Redis for the cluster,
    // and in this process for when Redis is away.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _uploaded = new();
    private static readonly TimeSpan RememberUploadsFor = TimeSpan.FromMinutes(10);

    /// <summary>Marks a file an HTTP upload is about to place under CAMERA_ROOT: the folder watcher leaves it to the upload.</summary>
    public async Task MarkUploadAsync(string path)
    {
        var full = Path.GetFullPath(path);
        var now = clock.GetUtcNow();
        foreach (var old in _uploaded.Where(u => now - u.Value > RememberUploadsFor).Select(u => u.Key).ToList()) _uploaded.TryRemove(old, out _);
        _uploaded[full] = now;
        try
        {
            await redis.GetDatabase().StringSetAsync(UploadKey(full), "1", RememberUploadsFor);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable to mark upload {Path}; another node's watcher may record it as a duplicate: {Error}", full, ex.Message);
        }
    }

    /// <summary>Checks, de-duplicates and records one file; <paramref name="uploaded"/> says an HTTP upload wrote it (see <see cref="MarkUploadAsync"/>).</summary>
    public async Task<IngestOutcome> IngestAsync(string cameraId, string path, CancellationToken ct, bool uploaded = false)
    {
        if (!MediaTypes.TryClassify(path, out var type, out var mime))
        {
            logger.LogInformation("Ignored {Path}: not an image or video file", path);
            return new IngestOutcome(IngestStatus.Ignored, null, "unsupported file type");
        }
        var full = Path.GetFullPath(path);
        if (!uploaded && await IsUploadAsync(full)) return new IngestOutcome(IngestStatus.Ignored, null, "recorded by its upload");
        return await RecordAsync(cameraId, full, type, mime, ct);
    }

    private async Task<bool> IsUploadAsync(string full)
    {
        if (_uploaded.TryRemove(full, out _)) return true;
        try
        {
            return await redis.GetDatabase().KeyDeleteAsync(UploadKey(full));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private string UploadKey(string full) =>
        $"{settings.RedisPrefix}:upload:{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))}";

    private async Task<IngestOutcome> RecordAsync(string cameraId, string path, MediaType type, string mime, CancellationToken ct)
    {
        var mediaId = Guid.CreateVersion7();
        var (size, sha, rejection) = (0L, "", (string?)null);
        try
        {
            using var file = files.Open(path);
            size = file.Length;
            if (size == 0) rejection = "file is empty";
            else sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file.Stream, ct));
        }
        catch (CameraFileRefusedException ex) when (ex.Problem == CameraFileProblem.Missing)
        {
            return new IngestOutcome(IngestStatus.Ignored, null, "file vanished");
        }
        catch (CameraFileRefusedException ex)
        {
            // Recorded, not dropped: an operator sees why, and a restart does not try it again.
            rejection = ex.Message;
        }

        if (rejection is null && await dedup.ClaimAsync(cameraId, sha, mediaId) is { } claim
            && !await AbandonedAsync(claim, cameraId, sha, mediaId, ct))
        {
            logger.LogInformation("Duplicate {Path} (same content as media {Original} within the de-duplication window)", path, claim.MediaId);
            var originalId = claim.MediaId == Guid.Empty ? (Guid?)null : claim.MediaId;
            await bus.InvokeAsync(new RecordDuplicateMedia(mediaId, cameraId, Path.GetFullPath(path), sha, originalId, clock.GetUtcNow()), ct);
            return new IngestOutcome(IngestStatus.Duplicate, originalId);
        }

        if (rejection is not null)
        {
            await bus.InvokeAsync(new RejectMedia(mediaId, cameraId, Path.GetFullPath(path), mime, type, sha, size, clock.GetUtcNow(), rejection), ct);
            logger.LogWarning("Rejected {Path}: {Reason}", path, rejection);
            return new IngestOutcome(IngestStatus.Rejected, mediaId, rejection);
        }
        await acceptance.RecordAsync(new AcceptMedia(mediaId, cameraId, Path.GetFullPath(path), mime, type, sha, size, clock.GetUtcNow()), ct);
        return new IngestOutcome(IngestStatus.Accepted, mediaId);
    }

    /// <summary>
    /// A claim made by another process whose media never got recorded (that process died between
    /// claiming the hash and committing, e.g. before a restart): that file was not accepted, so
    /// this one takes the claim over instead of being dropped as its duplicate. A claim of this
    /// process, or one that another node records within a few seconds, is a real duplicate.
    /// </summary>
    private async Task<bool> AbandonedAsync(DedupClaim claim, string cameraId, string sha, Guid mediaId, CancellationToken ct)
    {
        if (claim.Owner == MediaDeduplicator.Instance) return false;
        var deadline = clock.GetUtcNow() + ClaimCommitGrace;
        while (true)
        {
            await using (var session = store.QuerySession())
                if (claim.MediaId != Guid.Empty && await session.LoadAsync<MediaView>(claim.MediaId, ct) is not null) return false;
            if (clock.GetUtcNow() >= deadline) break;
            await Task.Delay(250, ct);
        }
        logger.LogWarning("De-duplication claim of media {MediaId} was never recorded; media {NewMediaId} with the same content takes it over",
            claim.MediaId, mediaId);
        await dedup.TakeOverAsync(cameraId, sha, mediaId);
        return true;
    }

    private static readonly TimeSpan ClaimCommitGrace = TimeSpan.FromSeconds(5);
}
