using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Cameras.ListDeleted;

public sealed class Endpoint(IQuerySession session, HsiSettings settings) : EndpointWithoutRequest<ListEnvelope<CameraResponse>>
{
    public override void Configure()
    {
        Get("/api/cameras/deleted");
        Summary(s => s.Summary = "List soft-deleted cameras (restore with POST /api/cameras/{id}/restore)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var cameras = await session.Query<CameraView>().Where(c => c.DeletedAt != null)
            .OrderByDescending(c => c.DeletedAt).ToListAsync(ct);
        await Send.OkAsync(ListEnvelope<CameraResponse>.Whole(await session.ResponsesAsync(cameras, settings.Timezone, ct)), ct);
    }
}
