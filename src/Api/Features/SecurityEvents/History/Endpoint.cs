using Hsi.Api.Infrastructure;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.History;

public sealed class Request : HistoryPage
{
    public long EventId { get; set; }
}

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<StreamEventEntry>>
{
    public override void Configure()
    {
        Get("/api/events/{event_id}/history");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Every stored event of a security event's stream, oldest first (type, time, data), paged by limit/offset");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        HttpContext.SendHistoryAsync(session, StreamKeys.SecurityEvent(req.EventId), req, SecurityEventDecisions.NotFound(req.EventId), ct);
}
