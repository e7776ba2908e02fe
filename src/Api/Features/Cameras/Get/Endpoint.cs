namespace Hsi.Api.Features.Cameras.Get;

public sealed class Endpoint(IQuerySession session, HsiSettings settings) : Endpoint<CameraIdRequest, CameraResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Get one camera");
    }

    public override async Task HandleAsync(CameraIdRequest req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.Id, HttpContext, ct) is not { } view) return;
        await Send.OkAsync(await session.ResponseAsync(view, settings.Timezone, ct), ct);
    }
}
