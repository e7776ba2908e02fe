using Alba;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.SecurityEvents;

/// <summary>
/// Security events written straight to the event store, as batching and the risk handler would
/// write them (no detector, batching or analyzer involved; the inline projection makes the views).
/// </summary>
public static class EventScenarios
{
    public static readonly AnalyzerIdentity Rules = new("rules", "rule-based", "1");

    /// <summary>
    /// Opened at <paramref name="at"/>, saw these objects in one file then, closed idle 30 s later:
    /// stream version 3, waiting for its assessment.
    /// </summary>
    public static async Task<ClosedEvent> ClosedEventAsync(this IDocumentStore store, long id, string cameraId, DateTimeOffset at, params string[] objectTypes)
    {
        var media = Guid.CreateVersion7();
        var detections = objectTypes.Select((type, i) => new BatchedDetection(id * 100 + i, media, type, 0.92, 10, 20, 30, 60, at)).ToList();
        await using var session = store.LightweightSession();
        session.Events.StartStream(StreamKeys.SecurityEvent(id), Closed(id, cameraId, at, media, detections));
        await session.SaveChangesAsync();
        return new ClosedEvent(id, [.. detections.Select(d => d.DetectionId)]);
    }

    /// <summary>Closed and assessed at <paramref name="score"/> by the rules: stream version 4, open to review and feedback.</summary>
    public static Task AssessedEventAsync(this IDocumentStore store, long id, int score, string cameraId = "porch") =>
        store.AssessedEventsAsync([new AssessedEvent(id, cameraId, DateTimeOffset.Parse("2026-11-27T02:00:00Z"), score)]);

    /// <summary>Many assessed events in one transaction, each with one detection (id × 10) of its object.</summary>
    public static async Task AssessedEventsAsync(this IDocumentStore store, IEnumerable<AssessedEvent> events)
    {
        await using var session = store.LightweightSession();
        foreach (var e in events)
        {
            var closed = Closed(e.Id, e.CameraId, e.Start, Guid.Empty, [new BatchedDetection(e.Id * 10, Guid.Empty, e.ObjectType, 0.8, 1, 2, 3, 4, e.Start)]);
            var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(e.Score, e.Summary ?? $"{e.ObjectType} seen", "r", [], null, "{}"), Rules,
                new CalibrationInForce(0, Thresholds.Defaults), StreamFold.Fold<SecurityEvent>(closed)!.InputsFor(e.CameraId, "UTC", 0), "batch_closed");
            session.Events.StartStream(StreamKeys.SecurityEvent(e.Id), [.. closed, new RiskAssessed(e.Id, decision, e.Start.AddSeconds(31))]);
        }
        await session.SaveChangesAsync();
    }

    private static object[] Closed(long id, string cameraId, DateTimeOffset at, Guid media, IReadOnlyList<BatchedDetection> detections) =>
    [
        new BatchOpened(id, BatchingDecisions.BatchIdOf(id), cameraId, false, at),
        new DetectionsAttached(id, media, detections, at),
        new BatchClosed(id, CloseReason.Idle, at.AddSeconds(30)),
    ];

    /// <summary>Every event of the security event's stream, oldest first.</summary>
    public static async Task<IReadOnlyList<object>> EventStreamAsync(this IDocumentStore store, long id)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id))).Select(e => e.Data).ToList();
    }

    public static async Task<IReadOnlyList<RiskAssessed>> AssessmentsAsync(this IDocumentStore store, long id) =>
        (await store.EventStreamAsync(id)).OfType<RiskAssessed>().ToList();

    /// <summary>
    /// AssessRisk sent as batching sends it (the local queue, its retries and dead letter), awaited
    /// exactly: Wolverine's tracking returns once the message is handled. Only for an analyzer that
    /// answers first time: a failure's retry is scheduled, and a tracked session ends at a scheduled message.
    /// </summary>
    public static Task SendAssessRiskAndWaitAsync(this IHost host, long id) =>
        host.TrackActivity().Timeout(TimeSpan.FromSeconds(60))
            .SendMessageAndWaitAsync(new AssessRisk(id));

    public static async Task<long> DeadLetteredAssessmentsAsync(this IAlbaHost host)
    {
        await using var cmd = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(*) from hsi_messages.wolverine_dead_letters where message_type like '%AssessRisk%'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>A closed security event as seeded: its id and its detections' ids.</summary>
public sealed record ClosedEvent(long Id, IReadOnlyList<long> DetectionIds);

/// <summary>What an assessed event is seeded with.</summary>
public sealed record AssessedEvent(long Id, string CameraId, DateTimeOffset Start, int Score, string ObjectType = "person", string? Summary = null);

/// <summary>GET/PATCH /api/events/{id}, the fields the tests read.</summary>
public sealed record EventBody(long Id, long Version, bool Reviewed, bool Flagged, string? Notes, string? SnoozeUntil, string CameraName, string? ThumbnailUrl);
