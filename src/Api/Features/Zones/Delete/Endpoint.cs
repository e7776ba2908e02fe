using Hsi.Domain.Zones;

namespace Hsi.Api.Features.Zones.Delete;

public sealed class Endpoint(ZoneWrites writes, IQuerySession session) : Endpoint<ZoneRequest>
{
    public override void Configure()
    {
        Delete("/api/cameras/{camera_id}/zones/{zone_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Delete a zone; its history stays");
    }

    public override async Task HandleAsync(ZoneRequest req, CancellationToken ct)
    {
        if (await session.LoadZoneOrNotFoundAsync(req, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.DeleteAsync(new DeleteZone(req.ZoneId, req.CameraId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
