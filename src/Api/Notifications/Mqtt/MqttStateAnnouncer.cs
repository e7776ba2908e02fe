using Hsi.Projections.Cameras;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// On every connect and whenever Home Assistant says <c>online</c>: every active camera's discovery
/// configs, then the sensors this node drives. Apart from the subscription, which the document
/// store is built with and so cannot take the store itself.
/// </summary>
public sealed class MqttStateAnnouncer(MqttConnection mqtt, HomeAssistantDiscovery discovery, MqttStatePublisher state, IDocumentStore store)
    : IHostedService
{
    /// <summary>Bounds the read; far more cameras than a home has.</summary>
    private const int MaxCameras = 1000;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        mqtt.StateRequested += PublishAllAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        mqtt.StateRequested -= PublishAllAsync;
        return Task.CompletedTask;
    }

    public async Task PublishAllAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var cameras = await session.Query<CameraView>().Where(c => c.DeletedAt == null).OrderBy(c => c.Id).Take(MaxCameras).ToListAsync(ct);
        foreach (var camera in cameras) discovery.Publish(camera);
        state.Republish();
    }
}
