namespace Hsi.Api.Features.DeadLetters.Requeue;

public sealed record Response(bool Success, string Message, DeadLetterJob? Job);

public sealed class Endpoint(DeadLetterQueues queues) : Endpoint<QueueRequest, Response>
{
    public override void Configure()
    {
        Post("/api/dlq/requeue/{queue_name}");
        Description(b => b.Produces<ErrorDetail>(422));
        Summary(s => s.Summary = "Send the oldest job of a dead-letter queue back through its normal path; it leaves the queue when it succeeds");
    }

    public override async Task HandleAsync(QueueRequest req, CancellationToken ct)
    {
        if (await DeadLetterQueues.FindOrRefuseAsync(req.QueueName, HttpContext) is not { } queue) return;
        var (letters, _) = await queues.ListAsync(queue, DeadLetterQueues.MaxBatch, ct);
        // A job already requeued is on its way; the oldest one still waiting goes next.
        if (letters.FirstOrDefault(l => !l.Replayable) is not { } oldest)
        {
            await Send.OkAsync(new Response(false, $"No jobs to requeue in {queue.Name}", null), ct);
            return;
        }
        await queues.ReplayAsync([oldest], ct);
        await Send.OkAsync(new Response(true, $"Requeued the oldest job of {queue.Name} to {queue.OriginalQueue}", DeadLetterQueues.ToJob(queue, oldest)), ct);
    }
}
