using Hsi.Api.Infrastructure;
using Hsi.Domain.Zones;
using Hsi.Projections.EventStore;
using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones;

/// <summary>A client's writes to zone streams (<c>zone:&lt;uuid&gt;</c>), through the one <see cref="EventStreamWriter"/>.</summary>
public sealed class ZoneWrites(EventStreamWriter writer, TimeProvider clock)
{
    /// <summary>Enough for any scene a person draws; every zone costs every detection of the camera a test.</summary>
    public const int MaxZonesPerCamera = 100;

    public async Task<(Guid? ZoneId, WriteOutcome Outcome)> CreateAsync(string cameraId, ZoneFields fields, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var key = StreamKeys.Zone(id);
        // The camera's key too: two zones drawn at once on one camera take turns, so the cap holds.
        var outcome = await writer.WriteAsync([key, StreamKeys.Camera(cameraId)], null, async (session, token) =>
        {
            if (await session.Query<ZoneView>().CountAsync(z => z.CameraId == cameraId, token) >= MaxZonesPerCamera)
                return WriteOutcome.Refused(new DomainError(ErrorKind.Conflict, $"Camera {cameraId} has {MaxZonesPerCamera} zones, the most it may have"));
            var zone = await session.ReadStreamAsync<Zone>(key, token);
            var decision = ZoneDecisions.Create(new CreateZone(id, cameraId, fields), zone.State, clock.GetUtcNow());
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(zone, decision));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> ChangeAsync(ChangeZone cmd, CancellationToken ct) =>
        writer.DecideAsync<Zone>(StreamKeys.Zone(cmd.ZoneId), state => ZoneDecisions.Change(cmd, state, clock.GetUtcNow()), null, ct);

    public Task<WriteOutcome> DeleteAsync(DeleteZone cmd, CancellationToken ct) =>
        writer.DecideAsync<Zone>(StreamKeys.Zone(cmd.ZoneId), state => ZoneDecisions.Delete(cmd, state, clock.GetUtcNow()), null, ct);
}
