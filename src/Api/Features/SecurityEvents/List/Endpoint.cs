using Hsi.Projections.Cameras;
using Hsi.Api.Features.Zones;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.List;

public sealed class Request : EventFilterRequest, IPagedRequest
{
    [QueryParam] public int Limit { get; set; } = 50;
    [QueryParam] public int Offset { get; set; }
    [QueryParam] public string? Cursor { get; set; }
    [QueryParam] public string? Fields { get; set; }
}

public sealed class Validator : EventFilterValidator<Request>
{
    public Validator() => this.AddPagingRules();
}

public sealed class Endpoint(IQuerySession session, HsiSettings settings) : Endpoint<Request, ListEnvelope<object>>
{
    public override void Configure()
    {
        Get("/api/events");
        Description(b => b.Produces<ListEnvelope<EventResponse>>(200).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "List security events, newest first by started_at, with cursor pagination");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await ZoneFilter.RefusedUnknownAsync(session, req.ZoneId, HttpContext, ct)) return;
        if (await PageQuery.FromOrRefuseAsync(HttpContext, req, req, EventListing.Fields) is not { } page) return;
        var (rows, total) = await page.FetchAsync(req.Apply(session.Query<SecurityEventView>()), EventListing.Order, ct);
        var cameraIds = rows.Select(r => r.CameraId).Distinct().ToArray();
        var names = (await session.LoadManyAsync<CameraView>(ct, cameraIds)).ToDictionary(c => c.Id, c => c.Name);
        var items = rows.Select(r => EventResponse.From(r, names.GetValueOrDefault(r.CameraId))).ToList();
        await Send.OkAsync(page.Envelope(items, total, e => new Http.Cursor(e.Id, e.StartedAt), HttpContext, settings.PaginationOffsetSunset), ct);
    }
}
