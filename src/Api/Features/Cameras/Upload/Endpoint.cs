using FastEndpoints;
using Hsi.Api.Http;
using Hsi.Api.Ingest;
using Hsi.Domain.Media;
using Marten;

namespace Hsi.Api.Features.Cameras.Upload;

public sealed class Request
{
    public string Id { get; set; } = "";

    /// <summary>The image or clip (multipart field <c>file</c>).</summary>
    public IFormFile? File { get; set; }
}

public sealed record Response(Guid? MediaId, string Status);

/// <summary>
/// For cameras that push over HTTP: the file is stored in the camera's folder and goes through
/// the same ingest as a dropped file (the watcher then sees it as a duplicate).
/// </summary>
public sealed class Endpoint(IQuerySession session, MediaIngest ingest, Configuration.HsiSettings settings) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/cameras/{id}/media");
        AllowAnonymous();
        AllowFileUploads();
        Description(b => b.Produces<Response>(202).Produces<Response>(200).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Upload an image or clip for analysis (202 accepted, 200 duplicate)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.Id, HttpContext, ct) is not { } camera) return;
        if (req.File is not { } upload || upload.Length == 0)
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, "a non-empty file is required", "file"));
            return;
        }
        var name = Path.GetFileName(upload.FileName);
        if (!MediaTypes.TryClassify(name, out _, out _))
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, "file must be .jpg, .jpeg, .png, .mp4, .mkv, .avi, .mov or .webm", "file"));
            return;
        }
        if (upload.Length > settings.MaxMediaBytes)
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, $"file is over MAX_MEDIA_MB={settings.MaxMediaMb}", "file"));
            return;
        }

        var folder = Path.Combine(camera.FolderPath, "uploads");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd_HHmmss_fff}_{Guid.NewGuid():N}{Path.GetExtension(name).ToLowerInvariant()}");
        // Written under a hidden name first so the watcher never sees a half-written file.
        var temp = Path.Combine(folder, "." + Path.GetFileName(target) + ".part");
        await using (var stream = File.Create(temp)) await upload.CopyToAsync(stream, ct);
        File.Move(temp, target);

        var outcome = await ingest.IngestAsync(camera.Id, target, ct);
        switch (outcome.Status)
        {
            case IngestStatus.Duplicate:
                File.Delete(target);
                await Send.ResponseAsync(new Response(outcome.MediaId, "duplicate"), 200, ct);
                break;
            case IngestStatus.Rejected:
                await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, outcome.Reason!, "file"));
                break;
            default:
                await Send.ResponseAsync(new Response(outcome.MediaId, "accepted"), 202, ct);
                break;
        }
    }
}
