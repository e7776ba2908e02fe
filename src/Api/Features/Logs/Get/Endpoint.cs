namespace Hsi.Api.Features.Logs.Get;

public sealed class Request
{
    public long LogId { get; set; }
}

public sealed class Endpoint(LogTable table) : Endpoint<Request, LogEntry>
{
    public override void Configure()
    {
        Get("/api/logs/{log_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One log line");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await table.FindAsync(req.LogId, ct) is { } entry) await Send.OkAsync(entry, ct);
        else await HttpContext.SendDetail(404, $"Log entry {req.LogId} not found");
    }
}
