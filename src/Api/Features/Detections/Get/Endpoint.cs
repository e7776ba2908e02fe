using Hsi.Inference.Handlers;

namespace Hsi.Api.Features.Detections.Get;

public sealed class Endpoint(IQuerySession session, EnrichmentStageSettings enrichment) : Endpoint<DetectionIdRequest, DetectionResponse>
{
    public override void Configure()
    {
        Get("/api/detections/{detection_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Get one detection");
    }

    public override async Task HandleAsync(DetectionIdRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.DetectionId, HttpContext, ct) is not { } view) return;
        await Send.OkAsync(DetectionResponse.From(view, enrichment.Unenriched), ct);
    }
}
