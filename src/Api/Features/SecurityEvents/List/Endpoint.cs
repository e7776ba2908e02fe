using Hsi.Projections.Cameras;
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
        if (!PageQuery.TryCreate(req, req, EventListing.Fields, out var page, out var error))
        {
            await HttpContext.SendDetail(400, error);
            return;
        }
        var filtered = req.Apply(session.Query<SecurityEventView>());
        var rows = await EventListing.Page(filtered, page.Cursor).Skip(page.Offset).Take(page.Limit + 1).ToListAsync(ct);
        var total = page.Cursor is null ? await filtered.CountAsync(ct) : 0;
        var cameraIds = rows.Select(r => r.CameraId).Distinct().ToArray();
        var names = (await session.LoadManyAsync<CameraView>(ct, cameraIds)).ToDictionary(c => c.Id, c => c.Name);
        var items = rows.Select(r => EventResponse.From(r, names.GetValueOrDefault(r.CameraId))).ToList();
        await Send.OkAsync(page.Envelope(items, total, e => new Http.Cursor(e.Id, e.StartedAt), e => e, HttpContext, settings.PaginationOffsetSunset), ct);
    }
}
