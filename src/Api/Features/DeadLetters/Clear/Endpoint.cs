namespace Hsi.Api.Features.DeadLetters.Clear;

public sealed record Response(bool Success, string Message, string QueueName);

public sealed class Endpoint(DeadLetterQueues queues) : Endpoint<QueueRequest, Response>
{
    public override void Configure()
    {
        Delete("/api/dlq/{queue_name}");
        Description(b => b.Produces<ErrorDetail>(422));
        Summary(s => s.Summary = "Discard every job of a dead-letter queue (200 with a body)");
    }

    public override async Task HandleAsync(QueueRequest req, CancellationToken ct)
    {
        if (await DeadLetterQueues.FindOrRefuseAsync(req.QueueName, HttpContext) is not { } queue) return;
        var discarded = await queues.DiscardAsync(queue, ct);
        await Send.OkAsync(new Response(true, $"Cleared {discarded} jobs from {queue.Name}", queue.Name), ct);
    }
}
