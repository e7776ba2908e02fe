namespace Hsi.Api.Features.SecurityEvents.Get;

public sealed class Request
{
    public long EventId { get; set; }

    /// <summary>Read the event as it was at this moment, from its stream, instead of as it is now.</summary>
    [QueryParam] public DateTimeOffset? AsOf { get; set; }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EventResponse>
{
    public override void Configure()
    {
        Get("/api/events/{event_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Get one security event (its version is the token for PATCH); as_of reads it as it was then");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var response = req.AsOf is { } asOf
            ? await session.LoadResponseAsOfOrNotFoundAsync(req.EventId, asOf, HttpContext, ct)
            : await session.LoadResponseOrNotFoundAsync(req.EventId, HttpContext, ct);
        if (response is not null) await Send.OkAsync(response, ct);
    }
}
