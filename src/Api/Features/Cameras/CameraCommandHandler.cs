using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Hsi.Projections.Cameras;
using Marten;

namespace Hsi.Api.Features.Cameras;

/// <summary>What a camera command came to: the camera it concerns, or why it was refused.</summary>
public sealed record CameraOutcome(string? CameraId, DomainError? Error)
{
    public static CameraOutcome From(Decision decision, string cameraId) => new(decision.Succeeded ? cameraId : null, decision.Error);
}

/// <summary>
/// Registering a camera, a Wolverine handler because the folder watcher registers cameras too: the
/// transaction (and the inline <see cref="CameraViewProjection"/>) is committed by Wolverine's middleware.
/// </summary>
public static class CameraCommandHandler
{
    public static async Task<CameraOutcome> Handle(RegisterCamera cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var id = CameraId.FromFolder(cmd.FolderPath);
        var claims = await ClaimsAsync(session, cmd.Name, cmd.FolderPath, id, ct);
        var decision = CameraDecisions.Register(cmd, claims, clock.GetUtcNow());
        if (decision.Succeeded) session.Events.StartStream(StreamKeys.Camera(id), [.. decision.Events]);
        return CameraOutcome.From(decision, id);
    }

    internal static async Task<CameraClaims> ClaimsAsync(
        IDocumentSession session, string? name, string? folder, string? id, CancellationToken ct)
    {
        if (name is null && folder is null && id is null) return CameraClaims.None;
        var nameKey = name is null ? null : CameraView.KeyOf(name);
        var holders = await session.Query<CameraView>()
            .Where(c => c.NameKey == nameKey || c.FolderPath == folder || c.Id == id)
            .ToListAsync(ct);
        return new CameraClaims(
            holders.FirstOrDefault(c => nameKey is not null && c.NameKey == nameKey)?.Id,
            holders.FirstOrDefault(c => folder is not null && c.FolderPath == folder)?.Id,
            holders.FirstOrDefault(c => id is not null && c.Id == id)?.Id,
            holders.Where(c => c.DeletedAt is not null).Select(c => c.Id).ToHashSet());
    }
}
