using Hsi.Api.Ingest;
using Hsi.Domain.Media;

namespace Hsi.Api.Features.Cameras.Upload;

public sealed class Request
{
    public string Id { get; set; } = "";

    /// <summary>The image or clip (multipart field <c>file</c>). Documents the form; the body is streamed, not bound.</summary>
    public IFormFile? File { get; set; }
}

public sealed record Response(Guid? MediaId, string Status);

/// <summary>
/// For cameras that push over HTTP: the file is streamed into the camera's folder (never buffered
/// whole, never over MAX_MEDIA_MB) and goes through the same ingest as a dropped file.
/// </summary>
public sealed class Endpoint(IQuerySession session, MediaIngest ingest, CameraFolders folders, Configuration.HsiSettings settings, TimeProvider clock) : Endpoint<Request, Response>
{
    private const string FileField = "file";

    public override void Configure()
    {
        Post("/api/cameras/{id}/media");
        AllowFileUploads(dontAutoBindFormData: true);
        Description(b => b.Produces<Response>(202).Produces<Response>(200).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409)
            .Produces<ErrorDetail>(413).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Upload an image or clip for analysis (202 accepted, 200 duplicate); GET /api/media/{media_id} tells how it went");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.Id, HttpContext, ct) is not { } camera) return;
        var folder = Path.Combine(camera.FolderPath, "uploads");
        if (folders.Ensure(folder) is { } problem)
        {
            await HttpContext.SendDetail(StatusCodes.Status409Conflict, $"Camera '{camera.Id}' cannot take uploads: {problem}");
            return;
        }

        string? target;
        try
        {
            target = await ReceiveAsync(folder, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            // A multipart body that breaks its framing or ends early; a body over the limit stays a 413.
            await Refuse("the body is not a well-formed multipart/form-data upload");
            return;
        }
        if (target is null) return;

        var outcome = await ingest.IngestAsync(camera.Id, target, ct, uploaded: true);
        switch (outcome.Status)
        {
            case IngestStatus.Duplicate:
                File.Delete(target);
                await Send.ResponseAsync(new Response(outcome.MediaId, "duplicate"), 200, ct);
                break;
            case IngestStatus.Rejected:
                await Refuse(outcome.Reason!);
                break;
            default:
                await Send.ResponseAsync(new Response(outcome.MediaId, "accepted"), 202, ct);
                break;
        }
    }

    /// <summary>Streams the <c>file</c> field into the folder; null (after answering) when the upload is refused.</summary>
    private async Task<string?> ReceiveAsync(string folder, CancellationToken ct)
    {
        await foreach (var section in FormFileSectionsAsync(ct))
        {
            if (section is null || section.Name != FileField) continue;
            var name = Path.GetFileName(section.FileName);
            if (!MediaTypes.TryClassify(name, out _, out _))
            {
                await Refuse("file must be .jpg, .jpeg, .png, .mp4, .mkv, .avi, .mov or .webm");
                return null;
            }
            var target = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMdd_HHmmss_fff}_{Guid.NewGuid():N}{Path.GetExtension(name).ToLowerInvariant()}");
            // Written under a hidden name first so the watcher never sees a half-written file.
            var temp = Path.Combine(folder, "." + Path.GetFileName(target) + ".part");
            long length;
            try
            {
                length = await CopyBoundedAsync(section.FileStream!, temp, settings.MaxMediaBytes, ct);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            if (length <= 0)
            {
                File.Delete(temp);
                if (length == 0) await Refuse("a non-empty file is required");
                else await HttpContext.SendDetail(StatusCodes.Status413PayloadTooLarge, $"Upload too large: files may be at most {settings.MaxMediaMb:0.##} MB (MAX_MEDIA_MB)");
                return null;
            }
            // Marked before it appears: the node watching the folders, whichever it is, then leaves it to this upload.
            await ingest.MarkUploadAsync(target);
            File.Move(temp, target);
            return target;
        }
        await Refuse("a non-empty file is required (multipart field 'file')");
        return null;
    }

    /// <summary>Bytes copied, or -1 as soon as the stream passes <paramref name="limit"/>.</summary>
    private static async Task<long> CopyBoundedAsync(Stream source, string path, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var file = File.Create(path);
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit) return -1;
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }

    private Task Refuse(string reason) => HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, reason, FileField));
}
