using Hsi.Domain.Cameras;

namespace Hsi.Api.Features.Cameras.Delete;

public sealed class Endpoint(CameraWrites commands) : Endpoint<CameraIdRequest>
{
    public override void Configure()
    {
        Delete("/api/cameras/{id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Soft-delete a camera; its name, folder and id stay reserved until restored");
    }

    public override async Task HandleAsync(CameraIdRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await commands.DeleteAsync(new DeleteCamera(req.Id), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
