using FastEndpoints;
using Hsi.Api.Configuration;
using Hsi.Api.Http;
using Hsi.Domain.Media;
using Hsi.Inference.Video;
using Marten;

namespace Hsi.Api.Features.Cameras.Snapshot;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IQuerySession session, CameraFolders folders, HsiSettings settings) : Endpoint<Request>
{
    /// <summary>The first frame of a clip, extracted once per clip version into DATA_DIR.</summary>
    private async Task<FileInfo?> FrameOfAsync(string cameraId, FileInfo clip, CancellationToken ct)
    {
        var frame = new FileInfo(Path.Combine(settings.DataDir, "snapshots", $"{cameraId}.jpg"));
        if (frame.Exists && frame.LastWriteTimeUtc >= clip.LastWriteTimeUtc) return frame;
        return await FrameSampler.ExtractFrameAsync(clip.FullName, 0, frame.FullName, ct) ? new FileInfo(frame.FullName) : null;
    }

    public override void Configure()
    {
        Get("/api/cameras/{id}/snapshot");
        Description(b => b.Produces(200, typeof(Stream), "image/jpeg").Produces<ErrorDetail>(403).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "The newest image under the camera's folder, else a frame of its newest clip");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
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
        var files = new DirectoryInfo(camera.FolderPath)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Select(f => (File: f, Known: MediaTypes.TryClassify(f.Name, out var type, out var mime), Type: type, Mime: mime))
            .Where(f => f.Known && f.File.Length > 0 && folders.StaysUnderRoot(f.File.FullName))
            .OrderByDescending(f => f.File.LastWriteTimeUtc)
            .ToList();
        if (files.FirstOrDefault(f => f.Type == MediaType.Image) is { File: not null } image)
        {
            await Send.FileAsync(image.File, image.Mime, cancellation: ct);
            return;
        }
        if (files.FirstOrDefault() is { File: { } clip } && await FrameOfAsync(camera.Id, clip, ct) is { } frame)
        {
            await Send.FileAsync(frame, "image/jpeg", cancellation: ct);
            return;
        }
        await HttpContext.SendDetail(404, $"Camera '{req.Id}' has no images yet");
    }
}
