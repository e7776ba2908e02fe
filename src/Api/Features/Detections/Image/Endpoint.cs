using Hsi.Inference.Detection;
using Hsi.Inference.Media;

namespace Hsi.Api.Features.Detections.Image;

public sealed class Request
{
    public long DetectionId { get; set; }

    /// <summary>true: the original image (or the video frame) instead of the thumbnail.</summary>
    [QueryParam] public bool Full { get; set; }
}

public sealed class Endpoint(IQuerySession session, MediaFiles files) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/detections/{detection_id}/image");
        Description(b => b.Produces(200, typeof(Stream), "image/jpeg").Produces<ErrorDetail>(403).Produces<ErrorDetail>(404).Produces<ErrorDetail>(410));
        Summary(s => s.Summary = "JPEG thumbnail with the box drawn; full=true for the original picture; 410 once the file was evicted for disk space");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.DetectionId, HttpContext, ct) is not { } d) return;
        if (MediaFiles.WhyEvicted(d) is { } evicted)
        {
            await HttpContext.SendDetail(StatusCodes.Status410Gone, evicted);
            return;
        }
        Picture picture;
        try
        {
            picture = req.Full
                ? await files.SourcePictureAsync(d, ct)
                : OpenThumbnail(await files.ThumbnailAsync(d, ct));
        }
        catch (CameraFileRefusedException ex)
        {
            await HttpContext.SendDetail(MediaFiles.StatusFor(ex), $"The media file of detection {req.DetectionId} is not available: {ex.Message}");
            return;
        }
        catch (MediaUnreadableException ex)
        {
            await HttpContext.SendDetail(404, $"The media file of detection {req.DetectionId} no longer reads as a picture: {ex.Message}");
            return;
        }
        using (picture)
        {
            HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
            if (await ConditionalRequests.AnswerNotModifiedAsync(HttpContext, $"{d.MediaId:N}-{d.Id}-{(req.Full ? "full" : "thumb")}", picture.Content)) return;
            await Send.StreamAsync(picture.Content, fileLengthBytes: picture.Length, contentType: picture.ContentType, cancellation: ct);
        }
    }

    private static Picture OpenThumbnail(string path)
    {
        var stream = File.OpenRead(path);
        return new Picture(stream, stream.Length, "image/jpeg");
    }
}
