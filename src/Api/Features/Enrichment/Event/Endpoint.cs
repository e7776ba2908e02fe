using FluentValidation;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Enrichment;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.Enrichment.Event;

public sealed class Request : EventIdRequest
{
    /// <summary>Enrichments per page (1–200).</summary>
    [QueryParam] public int Limit { get; set; } = 50;

    /// <summary>Enrichments to skip.</summary>
    [QueryParam] public int Offset { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 200).WithMessage("limit must be between 1 and 200");
        RuleFor(r => r.Offset).InclusiveBetween(0, 1_000_000).WithMessage("offset must be between 0 and 1000000");
    }
}

/// <summary>A page of an event's enrichments (SEED-API §5): <c>count</c> on this page, <c>total</c> in all.</summary>
public sealed record Response(long EventId, IReadOnlyList<EnrichmentResponse> Enrichments, int Count, int Total, int Limit, int Offset, bool HasMore);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/events/{event_id}/enrichments");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "The enrichments of an event's detections, by detection id, a page at a time (detections not enriched yet are left out)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAsync<SecurityEventView>(req.EventId, ct) is not { DeletedAt: null } view)
        {
            await HttpContext.SendDetail(404, SecurityEventDecisions.NotFound(req.EventId));
            return;
        }
        var ids = view.DetectionIds.ToArray();
        var page = await session.Query<DetectionEnrichmentView>().Stats(out var stats)
            .Where(v => v.Id.IsOneOf(ids)).OrderBy(v => v.Id).Skip(req.Offset).Take(req.Limit).ToListAsync(ct);
        var total = (int)stats.TotalResults;
        await Send.OkAsync(new Response(req.EventId, [.. page.Select(EnrichmentResponse.From)], page.Count, total, req.Limit, req.Offset,
            req.Offset + page.Count < total), ct);
    }
}
