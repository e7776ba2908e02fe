namespace Hsi.Api.Features.NotificationPreferences.Get;

public sealed class Endpoint(IQuerySession session) : EndpointWithoutRequest<PreferencesResponse>
{
    public override void Configure()
    {
        Get("/api/notification-preferences");
        Summary(s => s.Summary = "The notification preferences: enabled, sound, risk_filters (defaults until first written)");
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(PreferencesResponse.From(await session.LoadPreferencesAsync(ct)), ct);
}
