using System.Text.RegularExpressions;
using Hsi.Api.Infrastructure.Workers;

namespace Hsi.Api.Features.Operations.RestartWorker;

public sealed class Request
{
    /// <summary>A worker's name as <c>/api/system/supervisor</c> lists it: <c>^[a-zA-Z][a-zA-Z0-9_]*$</c>.</summary>
    public string Name { get; set; } = "";
}

public sealed record Response(bool Success, string Message, string WorkerName);

/// <summary>Stops and starts one of this node's workers (a failed one gets its restarts back); recorded in the health's recent events.</summary>
public sealed partial class Endpoint(WorkerSupervisor supervisor) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/system/supervisor/workers/{name}/restart");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409));
        Summary(s => s.Summary = "Restart one of this node's background workers");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Name.Length > 64 || !WorkerName().IsMatch(req.Name))
        {
            await HttpContext.SendDetail(400, "A worker name is a letter, then letters, digits or '_' (at most 64)");
            return;
        }
        switch (await supervisor.RestartAsync(req.Name, ct))
        {
            case WorkerSupervisor.RestartOutcome.UnknownWorker:
                await HttpContext.SendDetail(404, $"No worker '{req.Name}'; use one of {string.Join(", ", supervisor.Reports().Select(w => w.Name))}");
                break;
            case WorkerSupervisor.RestartOutcome.NotOnThisNode:
                await HttpContext.SendDetail(409, $"Worker '{req.Name}' does not run on this node");
                break;
            default:
                await Send.OkAsync(new Response(true, $"Worker {req.Name} restarted", req.Name), ct);
                break;
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]*$")]
    private static partial Regex WorkerName();
}
