using Hsi.Api.Features.Zones.Update;

namespace Hsi.Api.Features.Zones.Put;

/// <summary>The same partial change as PATCH, under the verb the seed's clients use.</summary>
public sealed class Endpoint(ZoneWrites writes, IQuerySession session) : ChangeEndpoint(writes, session)
{
    public override void Configure()
    {
        Put("/api/cameras/{camera_id}/zones/{zone_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Describe("Change a zone, as PATCH does");
    }
}
