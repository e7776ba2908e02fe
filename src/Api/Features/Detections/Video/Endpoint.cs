using FastEndpoints;
using Hsi.Api.Http;
using Hsi.Domain.Media;
using Marten;

namespace Hsi.Api.Features.Detections.Video;

public sealed class Request
{
    public long Id { get; set; }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/detections/{id}/video");
        Description(b => b.Produces(200, typeof(Stream), "video/mp4").Produces(206, typeof(Stream), "video/mp4")
            .Produces<ErrorDetail>(400).Produces<ErrorDetail>(404).Produces<ErrorDetail>(416));
        Summary(s => s.Summary = "The clip of a video detection, with HTTP Range support");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, HttpContext, ct) is not { } d) return;
        if (d.MediaType != MediaType.Video)
        {
            await HttpContext.SendDetail(400, $"Detection {req.Id} is not from a video");
            return;
        }
        var file = new FileInfo(d.FilePath);
        if (!file.Exists)
        {
            await HttpContext.SendDetail(404, $"The clip of detection {req.Id} is no longer available");
            return;
        }

        var response = HttpContext.Response;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = d.FileType;
        var rangeHeader = HttpContext.Request.Headers.Range.ToString();
        if (string.IsNullOrEmpty(rangeHeader))
        {
            response.ContentLength = file.Length;
            await response.SendFileAsync(file.FullName, ct);
            return;
        }
        if (ByteRange.Parse(rangeHeader, file.Length) is not { } range)
        {
            response.Headers.ContentRange = $"bytes */{file.Length}";
            await HttpContext.SendDetail(StatusCodes.Status416RangeNotSatisfiable, $"Range '{rangeHeader}' is malformed or outside the {file.Length}-byte file");
            return;
        }
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{file.Length}";
        response.ContentLength = range.Length;
        await response.SendFileAsync(file.FullName, range.Start, range.Length, ct);
    }
}
