using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Domain.Tracks;
using Hsi.Projections.EventStore;
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
        // After two quick tries the message goes back to its queue for a fresh execution: in a cluster the writer that
        // won may be another node's batch that is still committing its neighbours (a grouping listener moving between nodes).
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .RetryTimes(2).Then.ScheduleRetry(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        chain.OnException<Exception>()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    /// <summary>A camera's batching stream, and the security event stream it says is open (null when none is).</summary>
    private sealed record CameraState(string CameraId, StreamRead<CameraBatching> Batching, StreamRead<SecurityEvent>? Open)
    {
        public CameraBatching BatchingState => Batching.State ?? CameraBatching.None(CameraId);
    }

    public static async Task<OutgoingMessages> Handle(
        GroupDetections[] batch, IDocumentSession session, BatchSettings configured, TrackerSettings tracking, ILiveSettings live, TimeProvider clock,
        CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = configured.With(await live.CurrentAsync(ct));
        var now = clock.GetUtcNow();
        var files = batch.Where(f => f.Detections.Count > 0).DistinctBy(f => f.MediaId).ToList();
        if (files.Count == 0) return messages;

        var query = session.CreateBatchQuery();
        var mediaStreams = files.ToDictionary(f => f.MediaId, f => query.ReadStream<MediaFile>(StreamKeys.Media(f.MediaId)));
        var batchingVersions = files.Select(f => f.CameraId).Distinct()
            .ToDictionary(c => c, c => query.Events.FetchStreamState(StreamKeys.Batching(c)));
        await query.Execute(ct);

        var media = new Dictionary<Guid, StreamRead<MediaFile>>();
        foreach (var (mediaId, stream) in mediaStreams)
        {
            var read = await stream;
            if (read.State?.Grouped != true) media[mediaId] = read;
        }
        files = files.Where(f => media.ContainsKey(f.MediaId)).ToList();
        if (files.Count == 0) return messages;

        await CameraTracking.TrackAsync(session, files, tracking, now, ct);
        var cameras = await CameraStatesAsync(session, batchingVersions, ct);
        var byCamera = files.GroupBy(f => f.CameraId).ToList();
        var needed = byCamera.Sum(camera =>
            BatchingDecisions.EventIdsNeeded([.. camera], cameras[camera.Key].BatchingState, cameras[camera.Key].Open?.State, settings, now));
        var ids = new Queue<long>(needed == 0 ? [] : await NextEventIdsAsync(session, needed, ct));

        foreach (var camera in byCamera)
        {
            var state = cameras[camera.Key];
            var outcome = BatchingDecisions.GroupAll([.. camera], state.BatchingState, state.Open?.State, settings, now, ids.Dequeue);
            foreach (var (eventId, events) in outcome.EventStreams)
            {
                // An event other than the open one has a new id from the sequence: its stream is new.
                var read = state.Open is { } open && eventId == open.State?.Id ? open : StreamRead<SecurityEvent>.New(StreamKeys.SecurityEvent(eventId));
                session.Append(read, Decision.Of([.. events]));
            }
            session.Append(state.Batching, Decision.Of([.. outcome.BatchingEvents]));
            foreach (var (mediaId, eventIds) in outcome.Grouped)
                session.Append(media[mediaId], MediaDecisions.MarkGrouped(new MarkMediaGrouped(mediaId, eventIds, now), media[mediaId].State));
            foreach (var id in outcome.Opened) messages.Add(new CheckBatch(id).ScheduledAt(BatchingDecisions.FirstCheckAt(now, settings)));
            foreach (var id in outcome.Closed) messages.Add(new AssessRisk(id));
        }
        // One observation per grouping transaction, however many files it took.
        PipelineMetrics.StageDuration.WithLabels("batch_grouping").Observe((clock.GetUtcNow() - now).TotalSeconds);
        return messages;
    }

    /// <summary>
    /// Each camera's batching state from the newest event of its stream alone (two events per batch, for
    /// ever: reading it whole would make grouping slower every day), then the security event it says is
    /// open; one more round trip each. Every CameraBatchClosed closes the batch that was open (the
    /// decider and the close check only close that one), so the newest event holds the whole state.
    /// </summary>
    private static async Task<Dictionary<string, CameraState>> CameraStatesAsync(
        IDocumentSession session, Dictionary<string, Task<StreamState>> batchingVersions, CancellationToken ct)
    {
        var query = session.CreateBatchQuery();
        var tails = new Dictionary<string, Task<IReadOnlyList<IEvent>>>();
        foreach (var (camera, version) in batchingVersions)
            if (await version is { } stream) tails[camera] = query.Events.FetchStream(StreamKeys.Batching(camera), fromVersion: stream.Version);
        if (tails.Count > 0) await query.Execute(ct);
        var batchings = new Dictionary<string, StreamRead<CameraBatching>>();
        foreach (var camera in batchingVersions.Keys)
            batchings[camera] = tails.TryGetValue(camera, out var tail)
                ? StreamRead<CameraBatching>.Of(StreamKeys.Batching(camera), await tail)
                : StreamRead<CameraBatching>.New(StreamKeys.Batching(camera));

        query = session.CreateBatchQuery();
        var openStreams = batchings.Where(b => b.Value.State?.OpenEventId is not null)
            .ToDictionary(b => b.Key, b => query.ReadStream<SecurityEvent>(StreamKeys.SecurityEvent(b.Value.State!.OpenEventId!.Value)));
        if (openStreams.Count > 0) await query.Execute(ct);

        var states = new Dictionary<string, CameraState>();
        foreach (var (camera, batching) in batchings)
        {
            states[camera] = new CameraState(camera, batching, openStreams.TryGetValue(camera, out var open) ? await open : null);
        }
        return states;
    }

    public static async Task<OutgoingMessages> Handle(
        CheckBatch cmd, IDocumentSession session, BatchSettings configured, ILiveSettings live, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = configured.With(await live.CurrentAsync(ct));
        var securityEvent = await session.ReadStreamAsync<SecurityEvent>(StreamKeys.SecurityEvent(cmd.EventId), ct);
        if (securityEvent.State is not { } state) return messages;
        var check = BatchingDecisions.CheckClose(state, settings, clock.GetUtcNow());
        if (check.CheckAgainAt is { } later) messages.Add(new CheckBatch(cmd.EventId).ScheduledAt(later));
        if (check.Closed is not { } closed) return messages;

        session.Append(securityEvent, Decision.Of(closed));
        PipelineMetrics.StageDuration.WithLabels("batch_open").Observe((closed.At - state.OpenedAt).TotalSeconds);
        var batching = await session.ReadStreamTailAsync<CameraBatching>(StreamKeys.Batching(state.CameraId), ct);
        if (batching.State?.OpenEventId == cmd.EventId)
            session.Append(batching, Decision.Of(new CameraBatchClosed(state.CameraId, cmd.EventId, closed.At)));
        messages.Add(new AssessRisk(cmd.EventId));
        return messages;
    }

    /// <summary>Integer event ids from the schema's sequence, in one round trip.</summary>
    private static async Task<IReadOnlyList<long>> NextEventIdsAsync(IDocumentSession session, int count, CancellationToken ct) =>
        await session.QueryAsync<long>(
            $"select nextval('{StoreSchema.Qualified(StoreSchema.EventIdSequence)}') from generate_series(1, ?)", ct, count);
}
