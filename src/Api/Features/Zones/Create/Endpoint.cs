using Hsi.Api.Features.Cameras;
using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones.Create;

public sealed class Request : ZoneBody;

public sealed class Endpoint(ZoneWrites writes, IQuerySession session) : Endpoint<Request, ZoneResponse>
{
    public override void Configure()
    {
        Post("/api/cameras/{camera_id}/zones");
        Description(b => b.Produces<ZoneResponse>(201).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Draw a zone on a camera: name and coordinates required; validated whole before anything is stored");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        var (id, outcome) = await writes.CreateAsync(req.CameraId, req.Fields(), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var zone = (await session.LoadAsync<ZoneView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<Get.Endpoint>(new { camera_id = req.CameraId, zone_id = id }, ZoneResponse.From(zone), cancellation: ct);
    }
}
