using Hsi.Api.Features.Detections;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Handlers;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.Detections;

public sealed class Request : EventIdRequest;

public sealed class Endpoint(IQuerySession session, EnrichmentStageSettings enrichment) : Endpoint<Request, ListEnvelope<DetectionResponse>>
{
    public override void Configure()
    {
        Get("/api/events/{event_id}/detections");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "The detections grouped into an event");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAsync<SecurityEventView>(req.EventId, ct) is not { DeletedAt: null } view)
        {
            await HttpContext.SendDetail(404, SecurityEventDecisions.NotFound(req.EventId));
            return;
        }
        var detections = (await session.LoadManyAsync<DetectionView>(ct, view.DetectionIds)).OrderBy(d => d.DetectedAt).ThenBy(d => d.Id)
            .Select(d => DetectionResponse.From(d, enrichment.Unenriched)).ToList();
        await Send.OkAsync(ListEnvelope<DetectionResponse>.Whole(detections), ct);
    }
}
