using System.Security.Cryptography;
using Hsi.Api.Configuration;
using Hsi.Domain.Media;
using Hsi.Api.Infrastructure;

namespace Hsi.Api.Ingest;

public enum IngestStatus { Accepted, Duplicate, Rejected, Ignored }

public sealed record IngestOutcome(IngestStatus Status, Guid? MediaId, string? Reason = null);

/// <summary>
/// The one way a file enters the pipeline, from the folder watcher or an HTTP upload: check it,
/// de-duplicate it, then record it and queue its analysis (<see cref="AcceptMedia"/>).
/// </summary>
public sealed class MediaIngest(CommandSender bus, MediaDeduplicator dedup, HsiSettings settings, TimeProvider clock, ILogger<MediaIngest> logger)
{
    public async Task<IngestOutcome> IngestAsync(string cameraId, string path, CancellationToken ct)
    {
        if (!MediaTypes.TryClassify(path, out var type, out var mime))
        {
            logger.LogInformation("Ignored {Path}: not an image or video file", path);
            return new IngestOutcome(IngestStatus.Ignored, null, "unsupported file type");
        }
        var file = new FileInfo(path);
        if (!file.Exists) return new IngestOutcome(IngestStatus.Ignored, null, "file vanished");

        var mediaId = Guid.CreateVersion7();
        string? rejection = file.Length == 0 ? "file is empty"
            : file.Length > settings.MaxMediaBytes ? $"file is {file.Length / 1048576.0:F1} MB, over MAX_MEDIA_MB={settings.MaxMediaMb}"
            : null;
        var sha = rejection is null ? await HashAsync(path, ct) : "";
        if (sha is null) return new IngestOutcome(IngestStatus.Ignored, null, "file vanished");

        if (rejection is null && await dedup.ClaimAsync(cameraId, sha, mediaId) is { } original)
        {
            logger.LogInformation("Duplicate {Path} (same content as media {Original} within the de-duplication window)", path, original);
            var originalId = original == Guid.Empty ? (Guid?)null : original;
            await bus.InvokeAsync(new RecordDuplicateMedia(mediaId, cameraId, Path.GetFullPath(path), sha, originalId, clock.GetUtcNow()), ct);
            return new IngestOutcome(IngestStatus.Duplicate, originalId);
        }

        await bus.InvokeAsync(new AcceptMedia(mediaId, cameraId, Path.GetFullPath(path), mime, type, sha, file.Length,
            clock.GetUtcNow(), rejection), ct);
        if (rejection is not null)
        {
            logger.LogWarning("Rejected {Path}: {Reason}", path, rejection);
            return new IngestOutcome(IngestStatus.Rejected, mediaId, rejection);
        }
        return new IngestOutcome(IngestStatus.Accepted, mediaId);
    }

    private static async Task<string?> HashAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
