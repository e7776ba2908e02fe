using Hsi.Domain.Cameras;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Cameras.List;

public sealed class Request
{
    /// <summary>Only cameras with this status: online, offline, error or unknown.</summary>
    [QueryParam] public CameraStatus? Status { get; set; }

    /// <summary>Comma-separated fields to return (id is always included).</summary>
    [QueryParam] public string? Fields { get; set; }
}

public sealed class Endpoint(IQuerySession session, HsiSettings settings) : Endpoint<Request, ListEnvelope<object>>
{
    private static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<CameraResponse>();

    public override void Configure()
    {
        Get("/api/cameras");
        Description(b => b.Produces<ListEnvelope<CameraResponse>>(200).ProducesProblemDetails(400).ProducesProblemDetails(422));
        Summary(s => s.Summary = "List cameras (not deleted); not paged");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!FieldSelection.TryParse(req.Fields, Fields, out var selection, out var error))
        {
            await HttpContext.SendDetail(400, error);
            return;
        }
        var query = session.Query<CameraView>().Where(c => c.DeletedAt == null);
        if (req.Status is { } status) query = query.Where(c => c.Status == status);
        var cameras = await query.OrderBy(c => c.Name).ToListAsync(ct);
        var items = selection.Apply(await session.ResponsesAsync(cameras, settings.Timezone, ct));
        await Send.OkAsync(ListEnvelope<object>.Whole(items), ct);
    }
}
