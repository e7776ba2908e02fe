using Hsi.Api.Infrastructure;
using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Hsi.Projections.EventStore;

namespace Hsi.Api.Features.Cameras;

/// <summary>A client's changes to a camera's stream, through the one <see cref="EventStreamWriter"/>.</summary>
public sealed class CameraCommands(EventStreamWriter writer, TimeProvider clock)
{
    public Task<WriteOutcome> UpdateAsync(UpdateCamera cmd, CancellationToken ct)
    {
        var key = StreamKeys.Camera(cmd.CameraId);
        return writer.WriteAsync([key], null, async (session, token) =>
        {
            var camera = await session.ReadStreamAsync(key, CameraStream.Fold, token);
            var claims = await CameraCommandHandler.ClaimsAsync(session, cmd.Name, cmd.FolderPath, null, token);
            var decision = CameraDecisions.Update(cmd, camera.State, claims, clock.GetUtcNow());
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(camera, decision));
        }, ct);
    }

    public Task<WriteOutcome> DeleteAsync(DeleteCamera cmd, CancellationToken ct) =>
        writer.DecideAsync(StreamKeys.Camera(cmd.CameraId), CameraStream.Fold, state => CameraDecisions.Delete(cmd, state, clock.GetUtcNow()), null, ct);

    public Task<WriteOutcome> RestoreAsync(RestoreCamera cmd, CancellationToken ct) =>
        writer.DecideAsync(StreamKeys.Camera(cmd.CameraId), CameraStream.Fold, state => CameraDecisions.Restore(cmd, state, clock.GetUtcNow()), null, ct);
}
