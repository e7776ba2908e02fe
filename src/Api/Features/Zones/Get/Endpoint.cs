namespace Hsi.Api.Features.Zones.Get;

public sealed class Endpoint(IQuerySession session) : Endpoint<ZoneRequest, ZoneResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{camera_id}/zones/{zone_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "One zone of a camera");
    }

    public override async Task HandleAsync(ZoneRequest req, CancellationToken ct)
    {
        if (await session.LoadZoneOrNotFoundAsync(req, HttpContext, ct) is { } zone) await Send.OkAsync(ZoneResponse.From(zone), ct);
    }
}
