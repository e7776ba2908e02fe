using FastEndpoints;
using Hsi.Api.Http;
using Marten;

namespace Hsi.Api.Features.Cameras.Snapshot;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IQuerySession session, CameraFolders folders) : Endpoint<Request>
{
    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png",
    };

    public override void Configure()
    {
        Get("/api/cameras/{id}/snapshot");
        AllowAnonymous();
        Description(b => b.Produces(200, contentType: "image/jpeg").Produces<ErrorDetail>(403).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "The newest image under the camera's folder");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveAsync(req.Id, ct) is not { } camera)
        {
            await HttpContext.SendDetail(404, CameraQueries.NotFound(req.Id));
            return;
        }
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
        var newest = new DirectoryInfo(camera.FolderPath)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => ImageTypes.ContainsKey(f.Extension) && f.Length > 0 && folders.StaysUnderRoot(f.FullName))
            .MaxBy(f => f.LastWriteTimeUtc);
        if (newest is null)
        {
            await HttpContext.SendDetail(404, $"Camera '{req.Id}' has no images yet");
            return;
        }
        await Send.FileAsync(newest, ImageTypes[newest.Extension], cancellation: ct);
    }
}
