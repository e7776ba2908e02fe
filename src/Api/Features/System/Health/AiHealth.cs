namespace Hsi.Api.Features.System.Health;

/// <summary>What the API knows about its object detector, for the health report.</summary>
public class AiHealth
{
    public virtual ServiceHealth Current() =>
        new(HealthState.NotConfigured, "Object detection is not configured yet");
}
