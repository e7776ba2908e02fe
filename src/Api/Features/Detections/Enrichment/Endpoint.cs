namespace Hsi.Api.Features.Detections.Enrichment;

/// <summary>No enrichment model runs yet: the outputs are empty and say so, rather than 404.</summary>
public sealed record Response(
    long DetectionId, DateTimeOffset? EnrichedAt, IReadOnlyDictionary<string, object?> Outputs, double? ProcessingTimeMs,
    IReadOnlyList<string> Errors);

public sealed class Endpoint(IQuerySession session) : Endpoint<DetectionIdRequest, Response>
{
    public override void Configure()
    {
        Get("/api/detections/{id}/enrichment");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Enrichment model outputs for a detection");
    }

    public override async Task HandleAsync(DetectionIdRequest req, CancellationToken ct)
    {
        if (await session.LoadOrNotFoundAsync(req.Id, HttpContext, ct) is not { } view) return;
        await Send.OkAsync(new Response(view.Id, null, view.EnrichmentData, null, []), ct);
    }
}
