using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.SecurityEvents;
using JasperFx;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Groups analysed files' detections into security events and closes batches when their window or
/// idle timeout passes. Runs on one sequential queue per node, and every append carries an
/// expected version, so concurrent files of one camera still land in ONE open batch; a retried or
/// repeated message changes nothing (the media stream records that its detections were grouped).
/// </summary>
public static class BatchingHandler
{
    /// <summary>A concurrent writer (another node) won the race: read again and decide again.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .RetryTimes(5);

    public static async Task<OutgoingMessages> Handle(
        GroupDetections cmd, IDocumentSession session, BatchSettings configured, ILiveSettings live, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = configured.With(await live.CurrentAsync(ct));
        var mediaKey = StreamKeys.Media(cmd.MediaId);
        var media = await session.Events.FetchStreamAsync(mediaKey, token: ct);
        if (cmd.Detections.Count == 0 || media.Any(e => e.Data is DetectionsGrouped)) return messages;

        var batchingKey = StreamKeys.Batching(cmd.CameraId);
        var batchingEvents = await session.Events.FetchStreamAsync(batchingKey, token: ct);
        var batching = CameraBatching.Fold(cmd.CameraId, batchingEvents.Select(e => e.Data));
        var (open, openVersion) = batching.OpenEventId is { } openId ? await LoadAsync(session, openId, ct) : (null, 0);

        var now = clock.GetUtcNow();
        // The decider is pure, so a first pass counts the new events it opens; the ids are then taken at once.
        var needed = 0;
        BatchingDecisions.Group(cmd, batching, open, settings, now, () => ++needed);
        var ids = new Queue<long>(needed == 0 ? [] : await NextEventIdsAsync(session, needed, ct));
        var outcome = BatchingDecisions.Group(cmd, batching, open, settings, now, ids.Dequeue);

        foreach (var (eventId, events) in outcome.EventStreams)
        {
            if (eventId == open?.Id) session.Events.Append(StreamKeys.SecurityEvent(eventId), openVersion + events.Count, [.. events]);
            else session.Events.StartStream(StreamKeys.SecurityEvent(eventId), [.. events]);
        }
        AppendBatching(session, batchingKey, batchingEvents.Count == 0 ? 0 : batchingEvents[^1].Version, outcome.BatchingEvents);
        session.Events.Append(mediaKey, media.Count + 1L,
            new DetectionsGrouped(cmd.MediaId, [.. outcome.EventStreams.Keys.Order()], now));

        foreach (var id in outcome.Opened) messages.Add(new CheckBatch(id).ScheduledAt(BatchingDecisions.FirstCheckAt(now, settings)));
        foreach (var id in outcome.Closed) messages.Add(new AssessRisk(id));
        PipelineMetrics.StageDuration.WithLabels("batch_grouping").Observe((clock.GetUtcNow() - now).TotalSeconds);
        return messages;
    }

    public static async Task<OutgoingMessages> Handle(
        CheckBatch cmd, IDocumentSession session, BatchSettings configured, ILiveSettings live, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = configured.With(await live.CurrentAsync(ct));
        var (state, version) = await LoadAsync(session, cmd.EventId, ct);
        if (state is null) return messages;
        var check = BatchingDecisions.CheckClose(state, settings, clock.GetUtcNow());
        if (check.CheckAgainAt is { } later) messages.Add(new CheckBatch(cmd.EventId).ScheduledAt(later));
        if (check.Closed is not { } closed) return messages;

        session.Events.Append(StreamKeys.SecurityEvent(cmd.EventId), version + 1, closed);
        PipelineMetrics.StageDuration.WithLabels("batch_open").Observe((closed.At - state.OpenedAt).TotalSeconds);
        var batchingKey = StreamKeys.Batching(state.CameraId);
        var batchingEvents = await session.Events.FetchStreamAsync(batchingKey, token: ct);
        if (CameraBatching.Fold(state.CameraId, batchingEvents.Select(e => e.Data)).OpenEventId == cmd.EventId)
            AppendBatching(session, batchingKey, batchingEvents[^1].Version, [new CameraBatchClosed(state.CameraId, cmd.EventId, closed.At)]);
        messages.Add(new AssessRisk(cmd.EventId));
        return messages;
    }

    private static void AppendBatching(IDocumentSession session, string key, long version, IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        if (version == 0) session.Events.StartStream(key, [.. events]);
        else session.Events.Append(key, version + events.Count, [.. events]);
    }

    private static async Task<(SecurityEvent? State, long Version)> LoadAsync(IDocumentSession session, long eventId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(eventId), token: ct);
        return (SecurityEvent.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Integer event ids from the schema's sequence, in one round trip.</summary>
    private static async Task<IReadOnlyList<long>> NextEventIdsAsync(IDocumentSession session, int count, CancellationToken ct) =>
        await session.QueryAsync<long>(
            $"select nextval('{DetectionIdSequence.Schema}.{SecurityEventProjections.EventIdSequence}') from generate_series(1, ?)", ct, count);
}
