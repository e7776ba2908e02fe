namespace Hsi.Api.Features.Alerts;

/// <summary>Alert rules, the alerts they raise, and the notification preferences that apply before delivery.</summary>
public static class AlertsModule
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AlertWrites>();
        return builder;
    }
}
