using Hsi.Api.Features.Operations.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>MQTT and Home Assistant: the connection, the <c>mqtt</c> alert channel, and (with MQTT_URL set) the publishing and its health.</summary>
public static class MqttModule
{
    public static WebApplicationBuilder AddMqtt(this WebApplicationBuilder builder, HsiSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton<MqttConnection>();
        services.AddSingleton<INotificationChannel, MqttAlertChannel>();
        // Workers publish nothing: the events and alerts MQTT carries come from the API nodes.
        if (!settings.MqttEnabled || !settings.Role.ServesClients()) return builder;

        services.AddSingleton<MqttStatePublisher>();
        services.AddSingleton<HomeAssistantDiscovery>();
        // Before the connection starts: the first connect already asks for the state.
        services.AddHostedService<MqttStateAnnouncer>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        services.AddSingleton<MqttEventSubscription>();
        services.ConfigureMarten((sp, opts) => opts.Events.Subscribe(sp.GetRequiredService<MqttEventSubscription>()));
        services.AddHealthChecks()
            .AddCheck<MqttHealthCheck>("mqtt", HealthStatus.Degraded, [HealthRegistration.ServiceTag], TimeSpan.FromSeconds(5));
        return builder;
    }
}
