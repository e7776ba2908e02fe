using Hsi.Domain.Zones;
using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones.Update;

public sealed class Request : ZoneBody;

/// <summary>PUT and PATCH alike apply only the fields sent (as the seed's PUT does); the zone after it is validated whole.</summary>
public abstract class ChangeEndpoint(ZoneWrites writes, IQuerySession session) : Endpoint<Request, ZoneResponse>
{
    protected void Describe(string verb) => Summary(s => s.Summary = $"{verb}: change only the fields sent; the result must still be a valid zone");

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadZoneOrNotFoundAsync(req, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.ChangeAsync(new ChangeZone(req.ZoneId, req.CameraId, req.Fields()), ct))) return;
        await Send.OkAsync(ZoneResponse.From((await session.LoadAsync<ZoneView>(req.ZoneId, ct))!), ct);
    }
}

public sealed class Endpoint(ZoneWrites writes, IQuerySession session) : ChangeEndpoint(writes, session)
{
    public override void Configure()
    {
        Patch("/api/cameras/{camera_id}/zones/{zone_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Describe("Change a zone");
    }
}
