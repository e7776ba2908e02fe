using FastEndpoints;
using Hsi.Api.Http;
using Marten;

namespace Hsi.Api.Features.Detections.Image;

public sealed class Request
{
    public long Id { get; set; }

    /// <summary>true: the original image (or the video frame) instead of the thumbnail.</summary>
    [QueryParam] public bool Full { get; set; }
}

public sealed class Endpoint(IQuerySession session, MediaFiles files) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/detections/{id}/image");
        Description(b => b.Produces(200, typeof(Stream), "image/jpeg").Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "JPEG thumbnail with the box drawn; full=true for the original picture");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, HttpContext, ct) is not { } d) return;
        var picture = req.Full
            ? await files.SourcePictureAsync(d, ct)
            : await files.ThumbnailAsync(d, ct) is { } thumb ? (thumb, "image/jpeg") : null;
        if (picture is not { } p)
        {
            await HttpContext.SendDetail(404, $"The media file of detection {req.Id} is no longer available");
            return;
        }
        HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        await Send.FileAsync(new FileInfo(p.Item1), p.Item2, cancellation: ct);
    }
}
