using Hsi.Domain.Cameras;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Cameras;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Services;
using Marten.Subscriptions;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// MQTT publishing is driven by the event store, like the live WebSocket pushes: the async daemon
/// (one node of a cluster) hands this subscription every committed assessment and camera change
/// once, in store order. Turning MQTT on for a store with history replays it: the outbox keeps the
/// newest messages, the retained state ends at each camera's latest event, and sensors are not turned
/// ON for assessments older than the person timeout. Registered only when MQTT_URL is set.
/// </summary>
public sealed class MqttEventSubscription : SubscriptionBase
{
    public const string SubscriptionId = "mqtt_publisher";

    /// <summary>The newest detections of an event are enough to pick its picture.</summary>
    private const int DetectionsPerEvent = 20;

    private readonly MqttStatePublisher _state;
    private readonly HomeAssistantDiscovery _discovery;

    public MqttEventSubscription(MqttStatePublisher state, HomeAssistantDiscovery discovery)
    {
        _state = state;
        _discovery = discovery;
        Name = SubscriptionId;
        IncludeType<RiskAssessed>();
        IncludeType<RiskReassessed>();
        IncludeType<CameraRegistered>();
        IncludeType<CameraRenamed>();
        IncludeType<CameraRestored>();
        IncludeType<CameraDeleted>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var eventIds = page.Events.Select(e => e.Data).OfType<ISecurityEventFact>().Select(f => f.EventId).Distinct().ToArray();
        var views = eventIds.Length == 0 ? [] : (await operations.LoadManyAsync<SecurityEventView>(cancellationToken, eventIds)).ToDictionary(v => v.Id);
        var cameraIds = views.Values.Select(v => v.CameraId)
            .Concat(page.Events.Select(e => CameraOf(e.Data)))
            .OfType<string>().Distinct().ToArray();
        var cameras = cameraIds.Length == 0 ? [] : (await operations.LoadManyAsync<CameraView>(cancellationToken, cameraIds)).ToDictionary(c => c.Id);
        var detectionIds = views.Values.SelectMany(v => v.DetectionIds.TakeLast(DetectionsPerEvent)).ToArray();
        var detections = (detectionIds.Length == 0 ? [] : await operations.LoadManyAsync<DetectionView>(cancellationToken, detectionIds)).ToLookup(d => d.CameraId);

        foreach (var e in page.Events)
        {
            switch (e.Data)
            {
                case RiskAssessed assessed when views.TryGetValue(assessed.EventId, out var view):
                    _state.Publish(view, cameras.GetValueOrDefault(view.CameraId), assessed.Decision, assessed.At, reassessed: false, DetectionsOf(view));
                    break;
                case RiskReassessed reassessed when views.TryGetValue(reassessed.EventId, out var view):
                    _state.Publish(view, cameras.GetValueOrDefault(view.CameraId), reassessed.Decision, reassessed.At, reassessed: true, DetectionsOf(view));
                    break;
                case CameraRegistered or CameraRenamed or CameraRestored when cameras.TryGetValue(CameraOf(e.Data)!, out var camera) && camera.DeletedAt is null:
                    _discovery.Publish(camera);
                    break;
                case CameraDeleted deleted:
                    _discovery.Clear(deleted.CameraId);
                    _state.Clear(deleted.CameraId);
                    break;
            }
        }
        return NoChanges.Instance;

        IReadOnlyList<DetectionView> DetectionsOf(SecurityEventView view)
        {
            var ids = view.DetectionIds.ToHashSet();
            return detections[view.CameraId].Where(d => ids.Contains(d.Id)).ToList();
        }
    }

    private static string? CameraOf(object data) => data switch
    {
        CameraRegistered r => r.CameraId,
        CameraRenamed r => r.CameraId,
        CameraRestored r => r.CameraId,
        _ => null,
    };

    /// <summary>The subscription writes no documents, so it has nothing to do after the daemon commits.</summary>
    private sealed class NoChanges : IChangeListener
    {
        public static readonly NoChanges Instance = new();

        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
