namespace Hsi.Api.Features.Admin.ListProjections;

public sealed class Endpoint(ProjectionCatalog catalog) : EndpointWithoutRequest<ListEnvelope<ProjectionStatus>>
{
    public override void Configure()
    {
        Get("/api/admin/projections");
        Summary(s => s.Summary = "Every read-model projection: name (for rebuild), lifecycle (inline/async), position, high-water mark, lag, status (current/catching_up/rebuilding)");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(ListEnvelope<ProjectionStatus>.Whole(await catalog.StatusAsync(ct)), ct);
}
