using Hsi.Domain.Media;
using Hsi.Inference.Media;
using Microsoft.AspNetCore.Http.Extensions;

namespace Hsi.Api.Features.Detections.Video;

public sealed class Endpoint(IQuerySession session, CameraFileAccess files) : Endpoint<DetectionIdRequest>
{
    public override void Configure()
    {
        Verbs(FastEndpoints.Http.GET, FastEndpoints.Http.HEAD);
        Routes("/api/detections/{detection_id}/video");
        Description(b => b.Produces(200, typeof(Stream), "video/mp4").Produces(206, typeof(Stream), "video/mp4")
            .Produces<ErrorDetail>(400).Produces<ErrorDetail>(403).Produces<ErrorDetail>(404).Produces<ErrorDetail>(410).Produces<ErrorDetail>(416));
        Summary(s => s.Summary = "The clip of a video detection, with HTTP Range support, HEAD and ETag");
    }

    public override async Task HandleAsync(DetectionIdRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.DetectionId, HttpContext, ct) is not { } d) return;
        if (d.MediaType != MediaType.Video)
        {
            await HttpContext.SendDetail(400, $"Detection {req.DetectionId} is not from a video");
            return;
        }
        if (MediaFiles.WhyEvicted(d) is { } evicted)
        {
            await HttpContext.SendDetail(StatusCodes.Status410Gone, evicted);
            return;
        }
        CameraFile clip;
        try
        {
            clip = files.Open(d.FilePath);
        }
        catch (CameraFileRefusedException ex)
        {
            await HttpContext.SendDetail(MediaFiles.StatusFor(ex), $"The clip of detection {req.DetectionId} is not available: {ex.Message}");
            return;
        }
        using (clip)
        {
            // Sent from the opened file, never by path: what was checked is what is sent.
            var response = HttpContext.Response;
            response.Headers.AcceptRanges = "bytes";
            if (await ConditionalRequests.AnswerNotModifiedAsync(HttpContext, d.MediaId.ToString("N"), clip.Stream)) return;
            response.ContentType = d.FileType;
            var bodyWanted = !HttpMethods.IsHead(HttpContext.Request.Method);
            var rangeHeader = HttpContext.Request.Headers.Range.ToString();
            if (string.IsNullOrEmpty(rangeHeader))
            {
                response.ContentLength = clip.Length;
                if (bodyWanted) await StreamCopyOperation.CopyToAsync(clip.Stream, response.Body, clip.Length, ct);
                else await HeadersOnlyAsync();
                return;
            }
            if (ByteRange.Parse(rangeHeader, clip.Length) is not { } range)
            {
                response.Headers.ContentRange = $"bytes */{clip.Length}";
                await HttpContext.SendDetail(StatusCodes.Status416RangeNotSatisfiable, $"Range '{rangeHeader}' is malformed or outside the {clip.Length}-byte file");
                return;
            }
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{clip.Length}";
            response.ContentLength = range.Length;
            if (!bodyWanted)
            {
                await HeadersOnlyAsync();
                return;
            }
            clip.Stream.Position = range.Start;
            await StreamCopyOperation.CopyToAsync(clip.Stream, response.Body, range.Length, ct);
        }
    }

    /// <summary>HEAD: the headers a GET would send, and no body.</summary>
    private Task HeadersOnlyAsync()
    {
        HttpContext.MarkResponseStart();
        return HttpContext.Response.CompleteAsync();
    }
}
