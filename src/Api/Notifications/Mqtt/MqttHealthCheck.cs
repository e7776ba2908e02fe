using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// <c>mqtt</c> under the health's services, only when MQTT_URL is set: unhealthy (the API degraded)
/// while the broker is away; nothing waits on it meanwhile.
/// </summary>
public sealed class MqttHealthCheck(MqttConnection mqtt) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["broker"] = mqtt.Broker, ["connected"] = mqtt.IsConnected };
        return Task.FromResult(mqtt.IsConnected
            ? HealthCheckResult.Healthy($"Connected to {mqtt.Broker}", data)
            : new HealthCheckResult(context.Registration.FailureStatus,
                $"Not connected to the MQTT broker at {mqtt.Broker}: {mqtt.LastError ?? "connecting"}; events are still processed, MQTT messages wait (bounded) or are dropped", data: data));
    }
}
