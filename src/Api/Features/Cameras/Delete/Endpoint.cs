using FastEndpoints;
using Hsi.Api.Http;
using Hsi.Domain.Cameras;
using Wolverine;

namespace Hsi.Api.Features.Cameras.Delete;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IMessageBus bus) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api/cameras/{id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Soft-delete a camera; its name, folder and id stay reserved until restored");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<CameraOutcome>(new DeleteCamera(req.Id), ct);
        if (outcome.Error is { } error)
        {
            await HttpContext.SendDomainError(error);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
