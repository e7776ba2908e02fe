namespace Hsi.Api.Notifications;

/// <summary>The notification channels: each an <see cref="INotificationChannel"/> that alert deliveries and the test endpoint find by name.</summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookChannel>();
        builder.Services.AddSingleton<INotificationChannel>(sp => sp.GetRequiredService<WebhookChannel>());
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();
        return builder;
    }
}
