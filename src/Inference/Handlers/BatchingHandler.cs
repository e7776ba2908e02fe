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
/// Files are grouped a batch at a time (Wolverine message batching): the streams they need are
/// read in one round trip, each camera's open event once, and the whole batch commits once.
/// </summary>
public static class BatchingHandler
{
    /// <summary>
    /// For grouping and close checks alike: a concurrent writer (another node) won the race, so read
    /// again and decide again. Anything else (the database away for a moment) is tried again with a
    /// cooldown; a grouping batch that still fails is then tried file by file (EventStore).
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .RetryTimes(5);
        chain.OnException<Exception>()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    private sealed record CameraState(CameraBatching Batching, long BatchingVersion, SecurityEvent? Open, long OpenVersion);

    public static async Task<OutgoingMessages> Handle(
        GroupDetections[] batch, IDocumentSession session, BatchSettings configured, ILiveSettings live, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = configured.With(await live.CurrentAsync(ct));
        var now = clock.GetUtcNow();
        var files = batch.Where(f => f.Detections.Count > 0).DistinctBy(f => f.MediaId).ToList();
        if (files.Count == 0) return messages;

        var query = session.CreateBatchQuery();
        var mediaStreams = files.ToDictionary(f => f.MediaId, f => query.Events.FetchStream(StreamKeys.Media(f.MediaId)));
        var batchingStreams = files.Select(f => f.CameraId).Distinct()
            .ToDictionary(c => c, c => query.Events.FetchStream(StreamKeys.Batching(c)));
        await query.Execute(ct);

        var mediaVersions = new Dictionary<Guid, long>();
        foreach (var (mediaId, stream) in mediaStreams)
        {
            var events = await stream;
            if (!events.Any(e => e.Data is DetectionsGrouped)) mediaVersions[mediaId] = events.Count;
        }
        files = files.Where(f => mediaVersions.ContainsKey(f.MediaId)).ToList();
        if (files.Count == 0) return messages;

        var cameras = await CameraStatesAsync(session, batchingStreams, files, ct);
        var byCamera = files.GroupBy(f => f.CameraId).ToList();
        var needed = byCamera.Sum(camera =>
            BatchingDecisions.EventIdsNeeded([.. camera], cameras[camera.Key].Batching, cameras[camera.Key].Open, settings, now));
        var ids = new Queue<long>(needed == 0 ? [] : await NextEventIdsAsync(session, needed, ct));

        foreach (var camera in byCamera)
        {
            var state = cameras[camera.Key];
            var outcome = BatchingDecisions.GroupAll([.. camera], state.Batching, state.Open, settings, now, ids.Dequeue);
            foreach (var (eventId, events) in outcome.EventStreams)
            {
                if (eventId == state.Open?.Id) session.Events.Append(StreamKeys.SecurityEvent(eventId), state.OpenVersion + events.Count, [.. events]);
                else session.Events.StartStream(StreamKeys.SecurityEvent(eventId), [.. events]);
            }
            AppendBatching(session, StreamKeys.Batching(camera.Key), state.BatchingVersion, outcome.BatchingEvents);
            foreach (var (mediaId, eventIds) in outcome.Grouped)
                session.Events.Append(StreamKeys.Media(mediaId), mediaVersions[mediaId] + 1, new DetectionsGrouped(mediaId, eventIds, now));
            foreach (var id in outcome.Opened) messages.Add(new CheckBatch(id).ScheduledAt(BatchingDecisions.FirstCheckAt(now, settings)));
            foreach (var id in outcome.Closed) messages.Add(new AssessRisk(id));
        }
        // One observation per grouping transaction, however many files it took.
        PipelineMetrics.StageDuration.WithLabels("batch_grouping").Observe((clock.GetUtcNow() - now).TotalSeconds);
        return messages;
    }

    /// <summary>Each camera's batching stream, and the security event it says is open, read in one more round trip.</summary>
    private static async Task<Dictionary<string, CameraState>> CameraStatesAsync(
        IDocumentSession session, Dictionary<string, Task<IReadOnlyList<IEvent>>> batchingStreams, List<GroupDetections> files, CancellationToken ct)
    {
        var batchings = new Dictionary<string, (CameraBatching Batching, long Version)>();
        foreach (var camera in files.Select(f => f.CameraId).Distinct())
        {
            var events = await batchingStreams[camera];
            batchings[camera] = (CameraBatching.Fold(camera, events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
        }
        var query = session.CreateBatchQuery();
        var openStreams = batchings.Where(b => b.Value.Batching.OpenEventId is not null)
            .ToDictionary(b => b.Key, b => query.Events.FetchStream(StreamKeys.SecurityEvent(b.Value.Batching.OpenEventId!.Value)));
        if (openStreams.Count > 0) await query.Execute(ct);

        var states = new Dictionary<string, CameraState>();
        foreach (var (camera, (batching, version)) in batchings)
        {
            var open = openStreams.TryGetValue(camera, out var stream) ? await stream : [];
            states[camera] = new CameraState(batching, version, SecurityEvent.Fold(open.Select(e => e.Data)), open.Count == 0 ? 0 : open[^1].Version);
        }
        return states;
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
