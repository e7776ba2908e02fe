using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Handlers;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Hsi.Api.Features.DeadLetters;

/// <summary>
/// A dead-letter queue as the API names it (SPEC.md §3 Dead-letter queue): a view of Wolverine's
/// durable dead-letter storage holding the messages of one type that failed after their retries.
/// </summary>
public sealed record DeadLetterQueue(string Name, string OriginalQueue, Type MessageType)
{
    public string MessageTypeName => MessageType.ToMessageTypeName();
}

/// <summary>The queues, and what the endpoints share: reading, replaying and discarding their dead letters.</summary>
public sealed class DeadLetterQueues(IWolverineRuntime runtime)
{
    /// <summary>Media whose analysis failed (AnalyzeMedia, local queue <c>analysis</c>).</summary>
    public static readonly DeadLetterQueue Detection = new("dlq:detection_queue", "detection_queue", typeof(AnalyzeMedia));

    /// <summary>Batches whose risk analysis failed (AssessRisk, local queue <c>risk</c>).</summary>
    public static readonly DeadLetterQueue Analysis = new("dlq:analysis_queue", "analysis_queue", typeof(AssessRisk));

    /// <summary>Alert deliveries whose channel failed after its retries (DeliverAlert, local queue <c>notification</c>).</summary>
    public static readonly DeadLetterQueue Notification = new("dlq:notification_queue", "notification_queue", typeof(Hsi.Domain.Alerts.DeliverAlert));

    /// <summary>Media whose enrichment failed (EnrichMedia, local queue <c>enrichment</c>).</summary>
    public static readonly DeadLetterQueue Enrichment = new("dlq:enrichment_queue", "enrichment_queue", typeof(EnrichMedia));

    /// <summary>Analysed files whose grouping into events failed after its retries (GroupDetections, queue <c>batching</c>).</summary>
    public static readonly DeadLetterQueue Batching = new("dlq:batching_queue", "batching_queue", typeof(GroupDetections));

    public static readonly IReadOnlyList<DeadLetterQueue> All = [Detection, Analysis, Enrichment, Notification, Batching];

    /// <summary>Most dead letters read or requeued by one request.</summary>
    public const int MaxBatch = 10_000;

    /// <summary><c>dlq:detection_queue</c>, <c>dlq:analysis_queue</c> or <c>dlq:notification_queue</c> (the prefix may be left out); anything else is unknown.</summary>
    public static DeadLetterQueue? Find(string? name) =>
        All.FirstOrDefault(q => string.Equals(name, q.Name, StringComparison.Ordinal) || string.Equals(name, q.OriginalQueue, StringComparison.Ordinal));

    /// <summary>The queue of that name, or null after answering 422 with the names there are.</summary>
    public static async Task<DeadLetterQueue?> FindOrRefuseAsync(string? name, HttpContext ctx)
    {
        if (Find(name) is { } queue) return queue;
        await ctx.SendDetail(422, $"Unknown dead-letter queue '{name}'; use one of {string.Join(", ", All.Select(q => q.Name))}");
        return null;
    }

    private IDeadLetters Store => runtime.Storage.DeadLetters;

    private static DeadLetterEnvelopeQuery QueryOf(DeadLetterQueue queue, int pageSize) =>
        new() { MessageType = queue.MessageTypeName, PageSize = pageSize };

    public async Task<int> CountAsync(DeadLetterQueue queue, CancellationToken ct) =>
        (await Store.QueryAsync(QueryOf(queue, 1), ct)).TotalCount;

    /// <summary>The queue's dead letters, oldest failure first, and how many there are.</summary>
    public async Task<(IReadOnlyList<DeadLetterEnvelope> Letters, int Total)> ListAsync(DeadLetterQueue queue, int take, CancellationToken ct)
    {
        var results = await Store.QueryAsync(QueryOf(queue, Math.Clamp(take, 1, MaxBatch)), ct);
        return ([.. results.Envelopes.OrderBy(FirstFailure).ThenBy(e => e.Id)], results.TotalCount);
    }

    /// <summary>Marks dead letters replayable: Wolverine's durability agent moves them back to their queue, and they leave the storage when they succeed.</summary>
    public async Task<int> ReplayAsync(IReadOnlyList<DeadLetterEnvelope> letters, CancellationToken ct) =>
        (await Store.ReplayMatchingAsync(new DeadLetterEnvelopeQuery([.. letters.Select(l => l.Id)]), ct)).Affected ?? letters.Count;

    /// <summary>How many were discarded; where the store does not say, how many there were.</summary>
    public async Task<int> DiscardAsync(DeadLetterQueue queue, CancellationToken ct)
    {
        var before = await CountAsync(queue, ct);
        return (await Store.DiscardMatchingAsync(new DeadLetterEnvelopeQuery { MessageType = queue.MessageTypeName }, ct)).Affected ?? before;
    }

    private static DateTimeOffset FirstFailure(DeadLetterEnvelope e) => e.FirstFailedAt ?? e.FailedAt ?? e.SentAt;

    public static DeadLetterJob ToJob(DeadLetterQueue queue, DeadLetterEnvelope e)
    {
        var original = MessageOf(queue, e) is { } message
            ? JsonSerializer.SerializeToNode(message, message.GetType(), JsonDefaults.Options) as JsonObject ?? []
            : [];
        original["type"] = queue.MessageType.Name;
        return new DeadLetterJob(
            original,
            e.ExceptionMessage ?? "",
            Math.Max(1, e.Envelope?.Attempts ?? 1),
            Plain(FirstFailure(e)),
            Plain(e.FailedAt ?? e.SentAt),
            queue.OriginalQueue,
            e.ExceptionType,
            null, null, null, null,
            new JsonObject
            {
                ["message_id"] = e.Id.ToString(),
                ["replay_count"] = e.ReplayCount,
                ["replayable"] = e.Replayable,
                ["received_at"] = e.ReceivedAt,
            });
    }

    private static readonly JsonSerializerOptions StoredMessage = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The failed message: as the store read it, else from the envelope's body (Wolverine's JSON).</summary>
    private static object? MessageOf(DeadLetterQueue queue, DeadLetterEnvelope e)
    {
        if (e.Message is { } message) return message;
        if (e.Envelope?.Data is not { Length: > 0 } body) return null;
        try
        {
            return JsonSerializer.Deserialize(body, queue.MessageType, StoredMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>CONTRACT.md: an ISO timestamp without zone or format marker, e.g. 2025-12-23T10:30:05.000000 (UTC).</summary>
    private static string Plain(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}

/// <summary>One dead letter as clients see it (CONTRACT.md DLQJobResponse).</summary>
public sealed record DeadLetterJob(
    JsonObject OriginalJob, string Error, int AttemptCount, string FirstFailedAt, string LastFailedAt, string QueueName,
    string? ErrorType, string? StackTrace, int? HttpStatus, string? ResponseBody, IReadOnlyList<double>? RetryDelays, JsonObject? Context);

/// <summary>Route parameter of every DLQ operation.</summary>
public class QueueRequest
{
    /// <summary><c>dlq:detection_queue</c>, <c>dlq:analysis_queue</c> or <c>dlq:notification_queue</c>.</summary>
    public string QueueName { get; set; } = "";
}
