using Hsi.Api.Infrastructure;
using Hsi.Domain.Scenes;

namespace Hsi.Api.Features.SceneChanges;

/// <summary>A client's writes to a camera's scene stream (<c>scene:&lt;camera_id&gt;</c>), through the one <see cref="EventStreamWriter"/>.</summary>
public sealed class SceneChangeWrites(EventStreamWriter writer, TimeProvider clock)
{
    /// <summary>Version-less: an acknowledgement takes its turn with the pipeline's scene checks, which the writer reads and decides again after.</summary>
    public Task<WriteOutcome> AcknowledgeAsync(string cameraId, long changeId, CancellationToken ct) =>
        writer.DecideAsync<CameraScene>(StreamKeys.Scene(cameraId), state => SceneDecisions.Acknowledge(cameraId, changeId, state, clock.GetUtcNow()), null, ct);
}
