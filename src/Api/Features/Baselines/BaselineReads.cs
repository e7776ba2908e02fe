using Hsi.Api.Features.Cameras;
using Hsi.Domain.Baselines;
using Hsi.Projections.Baselines;
using Hsi.Projections.Cameras;

namespace Hsi.Api.Features.Baselines;

/// <summary>The route of a camera's baseline.</summary>
public class CameraBaselineRequest
{
    public string Id { get; set; } = "";
}

/// <summary>A camera with its baseline as of now, in its time zone.</summary>
public sealed record CameraBaseline(CameraView Camera, TimeZoneInfo Zone, BaselineRead Read, DateTimeOffset Now)
{
    public ActivityBaseline Baseline => Read.Baseline;
    public AnomalyConfig Config => Read.Config;
}

public static class BaselineReads
{
    /// <summary>The camera's baseline (and counts back to <paramref name="alsoFrom"/>), or null after answering 404.</summary>
    public static async Task<CameraBaseline?> LoadOrNotFoundAsync(
        this IQuerySession session, string cameraId, HsiSettings settings, TimeProvider clock, HttpContext ctx, CancellationToken ct,
        DateTimeOffset? alsoFrom = null)
    {
        if (await session.LoadActiveOrNotFoundAsync(cameraId, ctx, ct) is not { } camera) return null;
        var zone = await CameraTimeZones.ForAsync(session, camera.Id, settings.Timezone, ct);
        var config = await ActivityBaselines.ConfigAsync(session, ct);
        var now = clock.GetUtcNow();
        return new CameraBaseline(camera, zone, await ActivityBaselines.ReadAsync(session, camera.Id, zone, config, now, alsoFrom, ct), now);
    }
}
