namespace Hsi.Api.Features.Operations.Liveness;

public sealed record Response(string Status);

public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health");
        AllowAnonymous();
        Summary(s => s.Summary = "Liveness probe: always alive while the process answers");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new Response("alive"), ct);
}
