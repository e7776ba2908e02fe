using Hsi.Domain.Cameras;

namespace Hsi.Api.Features.Cameras.Restore;

public sealed class Endpoint(CameraWrites commands, IQuerySession session, HsiSettings settings) : Endpoint<CameraIdRequest, CameraResponse>
{
    public override void Configure()
    {
        Post("/api/cameras/{id}/restore");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Restore a soft-deleted camera (400 when it is not deleted)");
    }

    public override async Task HandleAsync(CameraIdRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await commands.RestoreAsync(new RestoreCamera(req.Id), ct))) return;
        var view = (await session.LoadActiveAsync(req.Id, ct))!;
        await Send.OkAsync(await session.ResponseAsync(view, settings.Timezone, ct), ct);
    }
}
