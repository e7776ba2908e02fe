namespace Hsi.Api.Features.DeadLetters.Stats;

public sealed record Response(
    int DetectionQueueCount, int AnalysisQueueCount, int TotalCount, int NotificationQueueCount, int EnrichmentQueueCount, int BatchingQueueCount);

public sealed class Endpoint(DeadLetterQueues queues) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/dlq/stats");
        Summary(s => s.Summary = "How many jobs each dead-letter queue holds");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var detection = await queues.CountAsync(DeadLetterQueues.Detection, ct);
        var analysis = await queues.CountAsync(DeadLetterQueues.Analysis, ct);
        var notification = await queues.CountAsync(DeadLetterQueues.Notification, ct);
        var enrichment = await queues.CountAsync(DeadLetterQueues.Enrichment, ct);
        var batching = await queues.CountAsync(DeadLetterQueues.Batching, ct);
        await Send.OkAsync(new Response(detection, analysis, detection + analysis + notification + enrichment + batching, notification, enrichment, batching), ct);
    }
}
