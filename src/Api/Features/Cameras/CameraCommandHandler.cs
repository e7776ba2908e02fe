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
/// Wolverine handlers for the camera stream: load state, decide, append. The transaction
/// (and the inline <see cref="CameraViewProjection"/>) is committed by Wolverine's middleware.
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

    public static async Task<CameraOutcome> Handle(UpdateCamera cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, cmd.CameraId, ct);
        var claims = await ClaimsAsync(session, cmd.Name, cmd.FolderPath, null, ct);
        return Append(session, cmd.CameraId, version, CameraDecisions.Update(cmd, state, claims, clock.GetUtcNow()));
    }

    public static async Task<CameraOutcome> Handle(DeleteCamera cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, cmd.CameraId, ct);
        return Append(session, cmd.CameraId, version, CameraDecisions.Delete(cmd, state, clock.GetUtcNow()));
    }

    public static async Task<CameraOutcome> Handle(RestoreCamera cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, cmd.CameraId, ct);
        return Append(session, cmd.CameraId, version, CameraDecisions.Restore(cmd, state, clock.GetUtcNow()));
    }

    private static CameraOutcome Append(IDocumentSession session, string cameraId, long version, Decision decision)
    {
        // Expected version: a concurrent change to the same camera makes this append fail (409).
        if (decision.Succeeded && decision.Events.Count > 0)
            session.Events.Append(StreamKeys.Camera(cameraId), version + decision.Events.Count, [.. decision.Events]);
        return CameraOutcome.From(decision, cameraId);
    }

    private static async Task<(Camera? State, long Version)> LoadAsync(IDocumentSession session, string cameraId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.Camera(cameraId), token: ct);
        return (CameraStream.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    private static async Task<CameraClaims> ClaimsAsync(
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
