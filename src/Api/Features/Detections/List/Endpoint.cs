using Hsi.Api.Features.Zones;
using Hsi.Inference.Handlers;
using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections.List;

public sealed class Request : DetectionFilterRequest, IPagedRequest
{
    [QueryParam] public int Limit { get; set; } = 50;
    [QueryParam] public int Offset { get; set; }
    [QueryParam] public string? Cursor { get; set; }
    [QueryParam] public string? Fields { get; set; }
}

public sealed class Validator : DetectionFilterValidator<Request>
{
    public Validator() => this.AddPagingRules();
}

public sealed class Endpoint(IQuerySession session, HsiSettings settings, EnrichmentStageSettings enrichment) : Endpoint<Request, ListEnvelope<object>>
{
    public override void Configure()
    {
        Get("/api/detections");
        Description(b => b.Produces<ListEnvelope<DetectionResponse>>(200).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "List detections, newest first, with cursor pagination");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await ZoneFilter.RefusedUnknownAsync(session, req.ZoneId, HttpContext, ct)) return;
        if (await PageQuery.FromOrRefuseAsync(HttpContext, req, req, DetectionQueries.Fields) is not { } page) return;
        var (rows, total) = await page.FetchAsync(req.Apply(session.Query<DetectionView>()), DetectionQueries.Order, ct);
        await Send.OkAsync(page.Envelope(rows.Select(d => DetectionResponse.From(d, enrichment.Unenriched)).ToList(), total, d => d.Position, HttpContext, settings.PaginationOffsetSunset), ct);
    }
}
