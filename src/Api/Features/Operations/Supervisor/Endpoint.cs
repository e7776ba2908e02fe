using Hsi.Api.Infrastructure.Workers;

namespace Hsi.Api.Features.Operations.Supervisor;

public sealed record Response(bool Running, int WorkerCount, IReadOnlyList<WorkerReport> Workers, DateTimeOffset Timestamp);

/// <summary>This node's background workers as the supervisor sees them; <c>/status</c> is the same.</summary>
public sealed class Endpoint(WorkerSupervisor supervisor, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/supervisor", "/api/system/supervisor/status");
        Summary(s => s.Summary = "This node's background workers: running, stopped, crashed, restarting or failed, with their restarts");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var workers = supervisor.Reports();
        await Send.OkAsync(new Response(supervisor.ExecuteTask is { IsCompleted: false }, workers.Count, workers, clock.GetUtcNow()), ct);
    }
}
