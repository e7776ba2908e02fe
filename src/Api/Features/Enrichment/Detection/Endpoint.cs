using Hsi.Inference.Handlers;
using Hsi.Projections.Detections;
using Hsi.Projections.Enrichment;

namespace Hsi.Api.Features.Enrichment.Detection;

public sealed class Endpoint(IQuerySession session, EnrichmentStageSettings stage) : Endpoint<DetectionIdRequest, EnrichmentResponse>
{
    public override void Configure()
    {
        Get("/api/detections/{detection_id}/enrichment");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary =
            "What the enrichment models found for a detection (its newest enrichment): license_plate, face, vehicle, image_quality, pet, " +
            "each with model_info; a group is null where no model here applies or its model is unavailable; clothing, violence, " +
            "weather, pose and depth have no model here and are null");
    }

    public override async Task HandleAsync(DetectionIdRequest req, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var detection = batch.Load<DetectionView>(req.DetectionId);
        var enrichment = batch.Load<DetectionEnrichmentView>(req.DetectionId);
        await batch.Execute(ct);
        if (await detection is not { } view)
        {
            await HttpContext.SendDetail(404, Detections.DetectionQueries.NotFound(req.DetectionId));
            return;
        }
        await Send.OkAsync(await enrichment is { } found
            ? EnrichmentResponse.From(found)
            : EnrichmentResponse.NotYet(view.Id, stage.Unenriched), ct);
    }
}
