using Hsi.Api.Infrastructure;
using Hsi.Domain.Cameras;
using Hsi.Projections.Cameras;
using Hsi.Projections.EventStore;
using Hsi.Projections.Properties;

namespace Hsi.Api.Features.Cameras;

/// <summary>
/// Writes to a camera's stream, through the one <see cref="EventStreamWriter"/>: a client's, and the
/// folder watcher's registration of a new folder. Two registrations of one folder take turns, so the
/// second sees the first's camera and is refused rather than colliding.
/// </summary>
public sealed class CameraWrites(EventStreamWriter writer, TimeProvider clock)
{
    /// <summary>The camera registered (its id from the folder), or null with the refusal.</summary>
    public async Task<(string? CameraId, WriteOutcome Outcome)> RegisterAsync(RegisterCamera cmd, CancellationToken ct)
    {
        var id = CameraId.FromFolder(cmd.FolderPath);
        var key = StreamKeys.Camera(id);
        var outcome = await writer.WriteAsync(KeysOf(key, cmd.PropertyId, cmd.AreaIds), null, async (session, token) =>
        {
            var camera = await session.ReadStreamAsync<Camera>(key, token);
            var claims = await ClaimsAsync(session, cmd.Name, cmd.FolderPath, id, token) with
            {
                PropertyUnknown = await PropertyUnknownAsync(session, cmd.PropertyId, token),
                UnknownAreas = await UnknownAreasAsync(session, cmd.AreaIds, token),
            };
            var decision = CameraDecisions.Register(cmd, claims, clock.GetUtcNow());
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(camera, decision));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> UpdateAsync(UpdateCamera cmd, CancellationToken ct)
    {
        var key = StreamKeys.Camera(cmd.CameraId);
        return writer.WriteAsync(KeysOf(key, cmd.SetsProperty ? cmd.PropertyId : null, cmd.AreaIds), null, async (session, token) =>
        {
            var camera = await session.ReadStreamAsync<Camera>(key, token);
            var claims = await ClaimsAsync(session, cmd.Name, cmd.FolderPath, null, token) with
            {
                PropertyUnknown = cmd.SetsProperty && await PropertyUnknownAsync(session, cmd.PropertyId, token),
                UnknownAreas = await UnknownAreasAsync(session, cmd.AreaIds, token),
            };
            var decision = CameraDecisions.Update(cmd, camera.State, claims, clock.GetUtcNow());
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(camera, decision));
        }, ct);
    }

    public Task<WriteOutcome> DeleteAsync(DeleteCamera cmd, CancellationToken ct) =>
        writer.DecideAsync<Camera>(StreamKeys.Camera(cmd.CameraId), state => CameraDecisions.Delete(cmd, state, clock.GetUtcNow()), null, ct);

    public Task<WriteOutcome> RestoreAsync(RestoreCamera cmd, CancellationToken ct) =>
        writer.DecideAsync<Camera>(StreamKeys.Camera(cmd.CameraId), state => CameraDecisions.Restore(cmd, state, clock.GetUtcNow()), null, ct);

    /// <summary>
    /// The camera's key, and those of the property and areas it is placed in: none of them is deleted
    /// between the check that it exists and the commit. Too many areas are refused unlooked-at.
    /// </summary>
    private static string[] KeysOf(string cameraKey, int? propertyId, IReadOnlyList<int>? areaIds) =>
    [
        cameraKey,
        .. propertyId is { } p ? [StreamKeys.Property(p)] : Array.Empty<string>(),
        .. areaIds is { Count: <= CameraDecisions.MaxAreasPerCamera } areas ? areas.Distinct().Select(StreamKeys.Area) : [],
    ];

    private static async Task<bool> PropertyUnknownAsync(IDocumentSession session, int? propertyId, CancellationToken ct) =>
        propertyId is { } p && await session.LoadAsync<PropertyView>(p, ct) is null;

    private static async Task<IReadOnlyList<int>> UnknownAreasAsync(IDocumentSession session, IReadOnlyList<int>? areaIds, CancellationToken ct)
    {
        if (areaIds is not { Count: > 0 and <= CameraDecisions.MaxAreasPerCamera }) return [];
        var wanted = areaIds.Distinct().ToArray();
        var live = (await session.LoadManyAsync<AreaView>(ct, wanted)).Select(a => a.Id).ToHashSet();
        return [.. wanted.Where(a => !live.Contains(a))];
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
