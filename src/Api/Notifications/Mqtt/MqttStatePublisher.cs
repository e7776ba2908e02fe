using System.Collections.Concurrent;
using System.Text.Json;
using Hsi.Domain.Calibration;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Media;
using Hsi.Projections.Cameras;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// What an assessed event says over MQTT: the event on <c>{prefix}/events</c>, and per camera the
/// retained last event, risk score and level, snapshot, and person and motion sensors that turn OFF
/// after MQTT_PERSON_TIMEOUT_SECONDS without a new one. A reassessment (a replay of an older event)
/// is published on <c>{prefix}/events</c> but changes the camera's state only for its latest event.
/// </summary>
public sealed class MqttStatePublisher(MqttConnection mqtt, HsiSettings settings, TimeProvider clock, CameraFileAccess files, ILogger<MqttStatePublisher> logger)
    : IDisposable
{
    public const string PersonType = "person";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly ConcurrentDictionary<string, CameraSensors> _cameras = new();

    public void Publish(SecurityEventView view, CameraView? camera, RiskDecision decision, DateTimeOffset assessedAt, bool reassessed, IReadOnlyList<DetectionView> detections)
    {
        var topics = mqtt.Topics;
        var picture = detections.Where(d => d.MediaType == MediaType.Image).MaxBy(d => (d.DetectedAt, d.Id));
        var message = JsonSerializer.Serialize(new EventMessage(
            view.Id, view.CameraId, camera?.Name ?? view.CameraId, decision.RiskScore, decision.RiskLevel.Name(), decision.Summary,
            view.ObjectTypes, view.StartedAt, view.EndedAt, view.DetectionCount,
            (picture ?? detections.FirstOrDefault()) is { } shown ? $"/api/detections/{shown.Id}/image" : null,
            $"/api/events/{view.Id}", reassessed), Json);
        mqtt.Enqueue(topics.Events, message, retain: false);

        var sensors = _cameras.GetOrAdd(view.CameraId, id => new CameraSensors(mqtt.Topics, id, mqtt, clock));
        if (!sensors.TakesEvent(view.Id)) return;
        mqtt.Enqueue(topics.CameraEvent(view.CameraId), message, retain: true);
        mqtt.Enqueue(topics.RiskScore(view.CameraId), decision.RiskScore.ToString(System.Globalization.CultureInfo.InvariantCulture), retain: true);
        mqtt.Enqueue(topics.RiskLevel(view.CameraId), decision.RiskLevel.Name(), retain: true);
        if (reassessed) return;
        if (picture is not null) PublishSnapshot(view.CameraId, picture);
        var timeout = TimeSpan.FromSeconds(settings.MqttPersonTimeoutSeconds);
        // History (MQTT turned on for a store with events, or the daemon catching up) says nothing about now.
        if (clock.GetUtcNow() - assessedAt > timeout) return;
        if (view.ObjectTypes.Contains(PersonType)) sensors.Person.Detected(timeout);
        if (view.ObjectTypes.Count > 0) sensors.Motion.Detected(timeout);
    }

    /// <summary>After a reconnect: the sensors this node drives, as they are now (the broker may have lost them).</summary>
    public void Republish()
    {
        foreach (var sensors in _cameras.Values)
        {
            sensors.Person.Republish();
            sensors.Motion.Republish();
        }
    }

    /// <summary>A deleted camera: its retained state goes, and its sensors stop.</summary>
    public void Clear(string cameraId)
    {
        if (_cameras.TryRemove(cameraId, out var sensors)) sensors.Dispose();
        foreach (var topic in mqtt.Topics.CameraState(cameraId)) mqtt.Enqueue(topic, "", retain: true);
    }

    public void Dispose()
    {
        foreach (var sensors in _cameras.Values) sensors.Dispose();
    }

    private void PublishSnapshot(string cameraId, DetectionView picture)
    {
        var maxBytes = settings.MqttSnapshotMaxKb * 1024L;
        if (maxBytes == 0) return;
        try
        {
            using var file = files.Open(picture.FilePath);
            if (file.Length > maxBytes || file.Length == 0) return;
            var bytes = new byte[file.Length];
            file.Stream.ReadExactly(bytes);
            // Home Assistant's image entity is told image/jpeg; a PNG or WebP picture is not sent.
            if (bytes is not [0xFF, 0xD8, 0xFF, ..]) return;
            mqtt.Enqueue(MqttConnection.Message(mqtt.Topics.Snapshot(cameraId), bytes, retain: true));
        }
        catch (IOException ex)
        {
            logger.LogInformation("No MQTT snapshot for {Camera} from {Path}: {Reason}", cameraId, picture.FilePath, ex.Message);
        }
    }

    /// <summary>The JSON of <c>{prefix}/events</c> and <c>{prefix}/{camera}/event</c>.</summary>
    private sealed record EventMessage(
        long Id, string CameraId, string CameraName, int RiskScore, string RiskLevel, string Summary, IReadOnlyList<string> ObjectTypes,
        DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int DetectionCount, string? Thumbnail, string Url, bool Reassessed);

    /// <summary>One camera's person and motion sensors, and the newest event that set its state.</summary>
    private sealed class CameraSensors(MqttTopics topics, string cameraId, MqttConnection mqtt, TimeProvider clock) : IDisposable
    {
        private long _latestEventId;

        public OnOffSensor Person { get; } = new(topics.Person(cameraId), mqtt, clock);
        public OnOffSensor Motion { get; } = new(topics.Motion(cameraId), mqtt, clock);

        /// <summary>Whether the event is the camera's newest so far (event ids grow with time).</summary>
        public bool TakesEvent(long eventId)
        {
            lock (this)
            {
                if (eventId < _latestEventId) return false;
                _latestEventId = eventId;
                return true;
            }
        }

        public void Dispose()
        {
            Person.Dispose();
            Motion.Dispose();
        }
    }

    /// <summary>A retained ON/OFF topic: ON when detected, OFF once the timeout passes without another detection.</summary>
    private sealed class OnOffSensor : IDisposable
    {
        private readonly string _topic;
        private readonly MqttConnection _mqtt;
        private readonly ITimer _off;
        private bool _on;

        public OnOffSensor(string topic, MqttConnection mqtt, TimeProvider clock)
        {
            _topic = topic;
            _mqtt = mqtt;
            _off = clock.CreateTimer(_ => TurnOff(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Detected(TimeSpan timeout)
        {
            lock (this)
            {
                _on = true;
                _off.Change(timeout, Timeout.InfiniteTimeSpan);
                _mqtt.Enqueue(_topic, MqttTopics.On, retain: true);
            }
        }

        public void Republish()
        {
            lock (this) _mqtt.Enqueue(_topic, _on ? MqttTopics.On : MqttTopics.Off, retain: true);
        }

        private void TurnOff()
        {
            lock (this)
            {
                _on = false;
                _mqtt.Enqueue(_topic, MqttTopics.Off, retain: true);
            }
        }

        public void Dispose() => _off.Dispose();
    }
}
