using FastEndpoints;
using Hsi.Api.Http;
using Marten;

namespace Hsi.Api.Features.Events.Get;

public sealed class Request
{
    public long EventId { get; set; }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EventResponse>
{
    public override void Configure()
    {
        Get("/api/events/{event_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Get one security event (its version is the token for PATCH)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadResponseOrNotFoundAsync(req.EventId, HttpContext, ct) is { } response) await Send.OkAsync(response, ct);
    }
}
