namespace Hsi.Api.Realtime;

/// <summary>Live pushes: the hub, the connections, the fan-out from the event store, and the two topic sockets.</summary>
public static class RealtimeModule
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RealtimeHub>();
        builder.Services.AddSingleton<WebSocketConnections>();
        builder.Services.AddSingleton<RealtimeFanout>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RealtimeFanout>());
        return builder;
    }

    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.MapRealtimeTopic("/ws/detections", LiveMessages.DetectionsTopic);
        app.MapRealtimeTopic("/ws/events", LiveMessages.EventsTopic);
        return app;
    }
}
