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

public sealed class Endpoint(IQuerySession session, HsiSettings settings) : Endpoint<Request, ListEnvelope<object>>
{
    public override void Configure()
    {
        Get("/api/detections");
        Description(b => b.Produces<ListEnvelope<DetectionResponse>>(200).Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "List detections, newest first, with cursor pagination");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!PageQuery.TryCreate(req, req, DetectionQueries.Fields, out var page, out var error))
        {
            await HttpContext.SendDetail(400, error);
            return;
        }
        var filtered = req.Apply(session.Query<DetectionView>());
        var rows = await DetectionQueries.Page(filtered, page.Cursor).Skip(page.Offset).Take(page.Limit + 1).ToListAsync(ct);
        // With a cursor the count is skipped (SPEC: total may be 0): walking pages stays cheap.
        var total = page.Cursor is null ? await filtered.CountAsync(ct) : 0;
        var envelope = page.Envelope(rows.Select(DetectionResponse.From).ToList(), total, d => d.Position, d => d, HttpContext, settings.PaginationOffsetSunset);
        await Send.OkAsync(envelope, ct);
    }
}
