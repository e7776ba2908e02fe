using Hsi.Api.Features.Cameras;
using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones.List;

public sealed class Request : CameraZonesRequest
{
    /// <summary>Only enabled (true) or disabled (false) zones.</summary>
    [QueryParam] public bool? Enabled { get; set; }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<ZoneResponse>>
{
    public override void Configure()
    {
        Get("/api/cameras/{camera_id}/zones");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's zones, highest priority first (at most 100 a camera, so not paged)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        var query = session.Query<ZoneView>().Where(z => z.CameraId == req.CameraId);
        if (req.Enabled is { } enabled) query = query.Where(z => z.Enabled == enabled);
        var zones = await query.OrderByDescending(z => z.Priority).ThenBy(z => z.CreatedAt).ToListAsync(ct);
        await Send.OkAsync(ListEnvelope<ZoneResponse>.Whole([.. zones.Select(ZoneResponse.From)]), ct);
    }
}
