using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hsi.Domain.Media;
using Hsi.Inference.Media;
using Hsi.Projections.Media;
using Marten;
using Hsi.Api.Infrastructure;

namespace Hsi.Api.Ingest;

public enum IngestStatus { Accepted, Duplicate, Rejected, Ignored }

public sealed record IngestOutcome(IngestStatus Status, Guid? MediaId, string? Reason = null);

/// <summary>
/// The one way a file enters the pipeline, from the folder watcher or an HTTP upload: check it,
/// de-duplicate it, then record it and queue its analysis (<see cref="AcceptMedia"/>).
/// </summary>
public sealed class MediaIngest(
    CommandSender bus, MediaDeduplicator dedup, CameraFileAccess files, IDocumentStore store, TimeProvider clock, ILogger<MediaIngest> logger)
{
    // Files this process recorded lately, as they were then: an upload written into a camera folder
    // is seen by the watcher too, and must not be recorded a second time as its own duplicate.
    private readonly ConcurrentDictionary<string, (long Size, DateTime Modified, DateTimeOffset At)> _recorded = new();
    private static readonly TimeSpan RememberRecordedFor = TimeSpan.FromMinutes(10);

    public async Task<IngestOutcome> IngestAsync(string cameraId, string path, CancellationToken ct)
    {
        if (!MediaTypes.TryClassify(path, out var type, out var mime))
        {
            logger.LogInformation("Ignored {Path}: not an image or video file", path);
            return new IngestOutcome(IngestStatus.Ignored, null, "unsupported file type");
        }
        var full = Path.GetFullPath(path);
        var seen = new FileInfo(full);
        if (_recorded.TryGetValue(full, out var recorded) && seen.Exists && (seen.Length, seen.LastWriteTimeUtc) == (recorded.Size, recorded.Modified))
            return new IngestOutcome(IngestStatus.Ignored, null, "already recorded");
        var outcome = await RecordAsync(cameraId, full, type, mime, ct);
        if (outcome.Status != IngestStatus.Ignored) Remember(full, seen);
        return outcome;
    }

    private void Remember(string path, FileInfo seen)
    {
        var now = clock.GetUtcNow();
        if (_recorded.Count > 10_000)
            foreach (var old in _recorded.Where(r => now - r.Value.At > RememberRecordedFor).Select(r => r.Key).ToList()) _recorded.TryRemove(old, out _);
        if (seen.Exists) _recorded[path] = (seen.Length, seen.LastWriteTimeUtc, now);
    }

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

        await bus.InvokeAsync(new AcceptMedia(mediaId, cameraId, Path.GetFullPath(path), mime, type, sha, size,
            clock.GetUtcNow(), rejection), ct);
        if (rejection is not null)
        {
            logger.LogWarning("Rejected {Path}: {Reason}", path, rejection);
            return new IngestOutcome(IngestStatus.Rejected, mediaId, rejection);
        }
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
