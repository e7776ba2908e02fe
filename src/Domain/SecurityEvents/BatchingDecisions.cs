using Hsi.Domain.Common;
using Hsi.Domain.Media;

namespace Hsi.Domain.SecurityEvents;

/// <summary>BATCH_WINDOW_SECONDS, BATCH_IDLE_TIMEOUT_SECONDS, BATCH_MAX_DETECTIONS and the FAST_PATH_* settings.</summary>
public sealed record BatchSettings(
    TimeSpan Window, TimeSpan IdleTimeout, int MaxDetections, double FastPathConfidence, IReadOnlySet<string> FastPathObjectTypes)
{
    public static readonly BatchSettings Defaults = new(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), 500, 0.90,
        new HashSet<string>(["person"], StringComparer.OrdinalIgnoreCase));

    public bool IsFastPath(BatchedDetection d) => d.Confidence >= FastPathConfidence && FastPathObjectTypes.Contains(d.ObjectType);
}

/// <summary>Group one analysed file's detections into its camera's security events (and its tracks).</summary>
/// <param name="Frame">The picture's size in pixels, which places the boxes for line crossings; null from before it was sent.</param>
public record GroupDetections(string CameraId, Guid MediaId, IReadOnlyList<BatchedDetection> Detections, FrameSize? Frame = null);

/// <summary>
/// What grouping decided: events per security event stream (new or existing), events for the
/// camera's batching stream, which events opened (their close check must be scheduled) and
/// which closed (their risk must be assessed).
/// </summary>
public sealed record BatchingOutcome(
    IReadOnlyDictionary<long, IReadOnlyList<object>> EventStreams, IReadOnlyList<object> BatchingEvents,
    IReadOnlyList<long> Opened, IReadOnlyList<long> Closed)
{
    public bool IsEmpty => EventStreams.Count == 0 && BatchingEvents.Count == 0;
}

/// <summary>
/// What grouping several files of one camera decided, in their order: events per security event
/// stream, for the camera's batching stream, the events opened and closed, and which events each
/// file's detections went to.
/// </summary>
public sealed record CameraGroupingOutcome(
    IReadOnlyDictionary<long, IReadOnlyList<object>> EventStreams, IReadOnlyList<object> BatchingEvents,
    IReadOnlyList<long> Opened, IReadOnlyList<long> Closed, IReadOnlyList<(Guid MediaId, IReadOnlyList<long> EventIds)> Grouped);

/// <summary>When to look at an open batch again, or that it closed now.</summary>
public sealed record CloseCheck(BatchClosed? Closed, DateTimeOffset? CheckAgainAt);

/// <summary>
/// Pure deciders of batching (SPEC.md §1 Batching): one open batch per camera, closed by window,
/// idle timeout or size; fast-path detections become events of their own at once.
/// </summary>
public static class BatchingDecisions
{
    public static string BatchIdOf(long eventId) => $"batch_{eventId}";

    public static string FastPathBatchIdOf(long detectionId) => $"fast_path_{detectionId}";

    /// <param name="open">The security event the batching stream says is open (null when none).</param>
    /// <param name="nextEventId">Takes a new event id from the sequence; called only when an event is opened.</param>
    public static BatchingOutcome Group(
        GroupDetections cmd, CameraBatching batching, SecurityEvent? open, BatchSettings settings, DateTimeOffset now, Func<long> nextEventId)
    {
        var streams = new Dictionary<long, List<object>>();
        var batchingEvents = new List<object>();
        var opened = new List<long>();
        var closed = new List<long>();
        List<object> StreamOf(long id) => streams.TryGetValue(id, out var list) ? list : streams[id] = [];

        foreach (var detection in cmd.Detections.Where(settings.IsFastPath))
        {
            var id = nextEventId();
            StreamOf(id).AddRange([
                new BatchOpened(id, FastPathBatchIdOf(detection.DetectionId), cmd.CameraId, true, now),
                new DetectionsAttached(id, cmd.MediaId, [detection], now),
                new BatchClosed(id, CloseReason.FastPath, now),
            ]);
            closed.Add(id);
        }

        var current = open is { IsOpen: true } && open.Id == batching.OpenEventId ? open : null;
        var count = current?.Detections.Count ?? 0;
        if (current is not null && now - current.OpenedAt >= settings.Window)
        {
            // The window check is late (a restart, a busy queue): this batch is over; start the next.
            StreamOf(current.Id).Add(new BatchClosed(current.Id, CloseReason.Timeout, now));
            batchingEvents.Add(new CameraBatchClosed(cmd.CameraId, current.Id, now));
            closed.Add(current.Id);
            current = null;
        }
        long? currentId = current?.Id;

        var remaining = cmd.Detections.Where(d => !settings.IsFastPath(d)).ToList();
        while (remaining.Count > 0)
        {
            if (currentId is null)
            {
                var id = nextEventId();
                StreamOf(id).Add(new BatchOpened(id, BatchIdOf(id), cmd.CameraId, false, now));
                batchingEvents.Add(new CameraBatchOpened(cmd.CameraId, id, now));
                opened.Add(id);
                currentId = id;
                count = 0;
            }
            var take = remaining.Take(settings.MaxDetections - count).ToList();
            remaining = remaining.Skip(take.Count).ToList();
            StreamOf(currentId.Value).Add(new DetectionsAttached(currentId.Value, cmd.MediaId, take, now));
            count += take.Count;
            if (count >= settings.MaxDetections)
            {
                StreamOf(currentId.Value).Add(new BatchClosed(currentId.Value, CloseReason.MaxSize, now));
                batchingEvents.Add(new CameraBatchClosed(cmd.CameraId, currentId.Value, now));
                closed.Add(currentId.Value);
                currentId = null;
            }
        }

        return new BatchingOutcome(streams.ToDictionary(s => s.Key, s => (IReadOnlyList<object>)s.Value), batchingEvents, opened, closed);
    }

    /// <summary>
    /// Groups several files of one camera, one after another as <see cref="Group"/> would one at a
    /// time: each file sees the batch the files before it opened, filled or closed.
    /// </summary>
    /// <param name="open">The security event the batching stream says is open (null when none).</param>
    public static CameraGroupingOutcome GroupAll(
        IReadOnlyList<GroupDetections> files, CameraBatching batching, SecurityEvent? open, BatchSettings settings, DateTimeOffset now,
        Func<long> nextEventId)
    {
        var streams = new Dictionary<long, List<object>>();
        var batchingEvents = new List<object>();
        var (opened, closed) = (new List<long>(), new List<long>());
        var grouped = new List<(Guid, IReadOnlyList<long>)>();
        var states = new Dictionary<long, SecurityEvent>();
        if (open is not null) states[open.Id] = open;
        foreach (var file in files)
        {
            var current = batching.OpenEventId is { } openId ? states.GetValueOrDefault(openId) : null;
            var outcome = Group(file, batching, current, settings, now, nextEventId);
            foreach (var (eventId, events) in outcome.EventStreams)
            {
                if (StreamFold.Fold(events, states.GetValueOrDefault(eventId)) is { } state) states[eventId] = state;
                (streams.TryGetValue(eventId, out var list) ? list : streams[eventId] = []).AddRange(events);
            }
            batching = StreamFold.Fold(outcome.BatchingEvents, batching)!;
            batchingEvents.AddRange(outcome.BatchingEvents);
            opened.AddRange(outcome.Opened);
            closed.AddRange(outcome.Closed);
            grouped.Add((file.MediaId, [.. outcome.EventStreams.Keys.Order()]));
        }
        return new CameraGroupingOutcome(streams.ToDictionary(s => s.Key, s => (IReadOnlyList<object>)s.Value), batchingEvents,
            opened, closed, grouped);
    }

    /// <summary>
    /// How many new event ids <see cref="GroupAll"/> will take for these files, so that they can be
    /// taken from the sequence at once. Its stand-in ids are negative: one equal to the open event's
    /// id would be taken for it and change the decisions.
    /// </summary>
    public static int EventIdsNeeded(
        IReadOnlyList<GroupDetections> files, CameraBatching batching, SecurityEvent? open, BatchSettings settings, DateTimeOffset now)
    {
        var needed = 0;
        GroupAll(files, batching, open, settings, now, () => -++needed);
        return needed;
    }

    /// <summary>When an open batch's window or idle timeout has passed, it closes; else it is looked at again when the sooner one will.</summary>
    public static CloseCheck CheckClose(SecurityEvent state, BatchSettings settings, DateTimeOffset now)
    {
        if (!state.IsOpen) return new CloseCheck(null, null);
        var windowEnds = state.OpenedAt + settings.Window;
        var idleEnds = state.LastActivityAt + settings.IdleTimeout;
        if (now >= windowEnds) return new CloseCheck(new BatchClosed(state.Id, CloseReason.Timeout, now), null);
        if (now >= idleEnds) return new CloseCheck(new BatchClosed(state.Id, CloseReason.Idle, now), null);
        return new CloseCheck(null, windowEnds < idleEnds ? windowEnds : idleEnds);
    }

    /// <summary>When a newly opened batch should first be looked at.</summary>
    public static DateTimeOffset FirstCheckAt(DateTimeOffset openedAt, BatchSettings settings) =>
        openedAt + (settings.IdleTimeout < settings.Window ? settings.IdleTimeout : settings.Window);
}
