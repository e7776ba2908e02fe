using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;

namespace Hsi.Api.Features.Cameras.Snapshot;

public sealed class Endpoint(IQuerySession session, CameraFolders folders, CameraFileAccess files, HsiSettings settings, ILogger<Endpoint> logger)
    : Endpoint<CameraIdRequest>
{
    /// <summary>The first frame of a clip, extracted once per clip version into DATA_DIR.</summary>
    private async Task<FileInfo?> FrameOfAsync(string cameraId, CameraFile clip, DateTime clipModified, CancellationToken ct)
    {
        var frame = new FileInfo(Path.Combine(settings.DataDir, "snapshots", $"{cameraId}.jpg"));
        if (frame.Exists && frame.LastWriteTimeUtc >= clipModified) return frame;
        try
        {
            return await FrameSampler.ExtractFrameAsync(clip, 0, frame.FullName, settings.MaxImagePixels, ct) ? new FileInfo(frame.FullName) : null;
        }
        catch (MediaUnreadableException ex)
        {
            logger.LogInformation("No snapshot from {Path}: {Reason}", clip.RealPath, ex.Message);
            return null;
        }
    }

    public override void Configure()
    {
        Get("/api/cameras/{id}/snapshot");
        Description(b => b.Produces(200, typeof(Stream), "image/jpeg").Produces<ErrorDetail>(403).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "The newest image under the camera's folder, else a frame of its newest clip");
    }

    public override async Task HandleAsync(CameraIdRequest req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.Id, HttpContext, ct) is not { } camera) return;
        if (!Directory.Exists(camera.FolderPath))
        {
            await HttpContext.SendDetail(404, $"Camera '{req.Id}' has no images yet");
            return;
        }
        if (!folders.StaysUnderRoot(camera.FolderPath))
        {
            await HttpContext.SendDetail(403, "The camera's folder resolves outside CAMERA_ROOT");
            return;
        }
        var candidates = new DirectoryInfo(camera.FolderPath)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Select(f => (File: f, Known: MediaTypes.TryClassify(f.Name, out var type, out var mime), Type: type, Mime: mime))
            .Where(f => f.Known)
            .OrderByDescending(f => f.File.LastWriteTimeUtc)
            .ToList();
        // Newest image first; the newest clip only when there is no image at all.
        foreach (var (file, _, type, mime) in candidates.Where(c => c.Type == MediaType.Image).Concat(candidates.Where(c => c.Type == MediaType.Video).Take(1)))
        {
            // Links out of the root, special files and vanished files are passed over.
            if (Open(file.FullName) is not { } opened) continue;
            using (opened)
            {
                if (opened.Length == 0) continue;
                if (type == MediaType.Image)
                {
                    await Send.StreamAsync(opened.Stream, fileLengthBytes: opened.Length, contentType: mime, cancellation: ct);
                    return;
                }
                if (await FrameOfAsync(camera.Id, opened, file.LastWriteTimeUtc, ct) is { } frame)
                {
                    await Send.FileAsync(frame, "image/jpeg", cancellation: ct);
                    return;
                }
            }
        }
        await HttpContext.SendDetail(404, $"Camera '{req.Id}' has no images yet");
    }

    private CameraFile? Open(string path)
    {
        try { return files.Open(path); }
        catch (CameraFileRefusedException) { return null; }
    }
}
