using Hsi.Api.Infrastructure;
using Hsi.Domain.Entities;
using Hsi.Projections.EventStore;

namespace Hsi.Api.Features.Entities;

/// <summary>A client's writes to entity streams (<c>entity:&lt;uuid&gt;</c>), through the one <see cref="EventStreamWriter"/>.</summary>
public sealed class EntityWrites(EventStreamWriter writer, TimeProvider clock)
{
    public Task<WriteOutcome> ChangeTrustAsync(ChangeTrust cmd, long? version, CancellationToken ct) =>
        writer.DecideAsync<Entity>(StreamKeys.Entity(cmd.EntityId), state => EntityDecisions.ChangeTrust(cmd, state, clock.GetUtcNow()), version, ct);

    public Task<WriteOutcome> RejectAsync(RejectAppearance cmd, long? version, CancellationToken ct) =>
        writer.DecideAsync<Entity>(StreamKeys.Entity(cmd.EntityId), state => EntityDecisions.Reject(cmd, state, clock.GetUtcNow()), version, ct);

    /// <summary>Both streams in one transaction; <paramref name="version"/> is the surviving entity's, as the client read it.</summary>
    public Task<WriteOutcome> MergeAsync(MergeEntities cmd, long? version, CancellationToken ct)
    {
        var (survivingKey, absorbedKey) = (StreamKeys.Entity(cmd.SurvivingEntityId), StreamKeys.Entity(cmd.AbsorbedEntityId));
        return writer.WriteAsync([survivingKey, absorbedKey], version, async (session, token) =>
        {
            var reads = await session.ReadStreamsAsync<Entity>([survivingKey, absorbedKey], token);
            var (surviving, absorbed) = (reads[0], reads[1]);
            if (version is { } expected && surviving.State is not null && expected != surviving.Version) return WriteOutcome.Stale(surviving.Version);
            var (kept, gone) = EntityDecisions.Merge(cmd, surviving.State, absorbed.State, clock.GetUtcNow());
            if ((kept.Error ?? gone.Error) is { } error) return WriteOutcome.Refused(error);
            session.Append(absorbed, gone);
            return new WriteOutcome(session.Append(surviving, kept));
        }, ct);
    }
}
