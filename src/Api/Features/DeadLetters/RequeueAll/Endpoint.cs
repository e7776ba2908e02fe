namespace Hsi.Api.Features.DeadLetters.RequeueAll;

public sealed record Response(bool Success, string Message, DeadLetterJob? Job, int Requeued);

public sealed class Endpoint(DeadLetterQueues queues) : Endpoint<QueueRequest, Response>
{
    public override void Configure()
    {
        Post("/api/dlq/requeue-all/{queue_name}");
        Description(b => b.Produces<ErrorDetail>(422));
        Summary(s => s.Summary = $"Send every job of a dead-letter queue (at most 10,000 a call) back through its normal path");
    }

    public override async Task HandleAsync(QueueRequest req, CancellationToken ct)
    {
        if (await DeadLetterQueues.FindOrRefuseAsync(req.QueueName, HttpContext) is not { } queue) return;
        var (letters, _) = await queues.ListAsync(queue, DeadLetterQueues.MaxBatch, ct);
        var waiting = letters.Where(l => !l.Replayable).ToList();
        var requeued = waiting.Count == 0 ? 0 : await queues.ReplayAsync(waiting, ct);
        await Send.OkAsync(new Response(requeued > 0,
            requeued > 0 ? $"Requeued {requeued} jobs of {queue.Name} to {queue.OriginalQueue}" : $"No jobs to requeue in {queue.Name}",
            null, requeued), ct);
    }
}
