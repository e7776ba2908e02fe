using Hsi.Api.Infrastructure;
using Hsi.Domain.Cameras;
using Hsi.Domain.Properties;
using Hsi.Projections.EventStore;
using Hsi.Projections.Properties;

namespace Hsi.Api.Features.Properties;

/// <summary>
/// A client's writes to household, property and area streams, through the one <see cref="EventStreamWriter"/>.
/// Every write also takes its parent's turn (households: one shared turn), so a name checked free among the
/// siblings stays free until the write commits, and a deletion sees every child its parent will ever have.
/// </summary>
public sealed class PropertyWrites(EventStreamWriter writer, IDocumentStore store, TimeProvider clock)
{
    /// <summary>Not a stream: the turn under which household names are claimed.</summary>
    private const string HouseholdNamesTurn = "households";

    public async Task<(int? Id, WriteOutcome Outcome)> CreateHouseholdAsync(string name, CancellationToken ct)
    {
        var id = await NextIdAsync(StoreSchema.HouseholdIdSequence, ct);
        var key = StreamKeys.Household(id);
        var outcome = await writer.WriteAsync([key, HouseholdNamesTurn], null, async (session, token) =>
        {
            var claim = await ClaimAsync(name, k => session.Query<HouseholdView>().Where(h => h.NameKey == k).Select(h => h.Id), token);
            var read = StreamRead<Household>.New(key);
            return Appended(session, read, HouseholdDecisions.Create(new CreateHousehold(id, name), read.State, claim, clock.GetUtcNow()));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> RenameHouseholdAsync(RenameHousehold cmd, CancellationToken ct)
    {
        var key = StreamKeys.Household(cmd.HouseholdId);
        return writer.WriteAsync([key, HouseholdNamesTurn], null, async (session, token) =>
        {
            var claim = await ClaimAsync(cmd.Name, k => session.Query<HouseholdView>().Where(h => h.NameKey == k).Select(h => h.Id), token);
            var read = await session.ReadStreamAsync<Household>(key, token);
            return Appended(session, read, HouseholdDecisions.Rename(cmd, read.State, claim, clock.GetUtcNow()));
        }, ct);
    }

    /// <summary>The household, each of its properties and each of their areas record their deletion, in one commit.</summary>
    public Task<WriteOutcome> DeleteHouseholdAsync(DeleteHousehold cmd, CancellationToken ct)
    {
        var key = StreamKeys.Household(cmd.HouseholdId);
        return writer.WriteAsync([key], null, async (session, token) =>
        {
            var now = clock.GetUtcNow();
            var read = await session.ReadStreamAsync<Household>(key, token);
            var decision = HouseholdDecisions.Delete(cmd, read.State, now);
            if (decision.Error is { } error) return WriteOutcome.Refused(error);
            var propertyIds = (await session.Query<PropertyView>().Where(p => p.HouseholdId == cmd.HouseholdId).Select(p => p.Id).ToListAsync(token)).ToArray();
            await DeletePropertiesAsync(session, propertyIds, now, token);
            return new WriteOutcome(session.Append(read, decision));
        }, ct);
    }

    public async Task<(int? Id, WriteOutcome Outcome)> CreatePropertyAsync(int householdId, PropertyFields fields, CancellationToken ct)
    {
        var id = await NextIdAsync(StoreSchema.PropertyIdSequence, ct);
        var key = StreamKeys.Property(id);
        var outcome = await writer.WriteAsync([key, StreamKeys.Household(householdId)], null, async (session, token) =>
        {
            var household = await session.ReadStreamAsync<Household>(StreamKeys.Household(householdId), token);
            var claim = await ClaimAsync(fields.Name, k => session.Query<PropertyView>().Where(p => p.HouseholdId == householdId && p.NameKey == k).Select(p => p.Id), token);
            var read = StreamRead<Property>.New(key);
            return Appended(session, read, PropertyDecisions.Create(new CreateProperty(id, householdId, fields), read.State, household.State, claim, clock.GetUtcNow()));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> ChangePropertyAsync(int householdId, ChangeProperty cmd, CancellationToken ct)
    {
        var key = StreamKeys.Property(cmd.PropertyId);
        return writer.WriteAsync([key, StreamKeys.Household(householdId)], null, async (session, token) =>
        {
            var claim = await ClaimAsync(cmd.Fields.Name, k => session.Query<PropertyView>().Where(p => p.HouseholdId == householdId && p.NameKey == k).Select(p => p.Id), token);
            var read = await session.ReadStreamAsync<Property>(key, token);
            return Appended(session, read, PropertyDecisions.Change(cmd, read.State, claim, clock.GetUtcNow()));
        }, ct);
    }

    /// <summary>The property and each of its areas record their deletion, in one commit.</summary>
    public Task<WriteOutcome> DeletePropertyAsync(int householdId, DeleteProperty cmd, CancellationToken ct)
    {
        var key = StreamKeys.Property(cmd.PropertyId);
        return writer.WriteAsync([key, StreamKeys.Household(householdId)], null, async (session, token) =>
        {
            var now = clock.GetUtcNow();
            var read = await session.ReadStreamAsync<Property>(key, token);
            var decision = PropertyDecisions.Delete(cmd, read.State, now);
            if (decision.Error is { } error) return WriteOutcome.Refused(error);
            await DeleteAreasAsync(session, [cmd.PropertyId], now, token);
            return new WriteOutcome(session.Append(read, decision));
        }, ct);
    }

    public async Task<(int? Id, WriteOutcome Outcome)> CreateAreaAsync(PropertyView property, AreaFields fields, CancellationToken ct)
    {
        var id = await NextIdAsync(StoreSchema.AreaIdSequence, ct);
        var key = StreamKeys.Area(id);
        // The household's turn too: a household being deleted must not gain an area while it collects them.
        var outcome = await writer.WriteAsync([key, StreamKeys.Property(property.Id), StreamKeys.Household(property.HouseholdId)], null, async (session, token) =>
        {
            var parent = await session.ReadStreamAsync<Property>(StreamKeys.Property(property.Id), token);
            var claim = await ClaimAsync(fields.Name, k => session.Query<AreaView>().Where(a => a.PropertyId == property.Id && a.NameKey == k).Select(a => a.Id), token);
            var read = StreamRead<Area>.New(key);
            return Appended(session, read, AreaDecisions.Create(new CreateArea(id, property.Id, fields), read.State, parent.State, claim, clock.GetUtcNow()));
        }, ct);
        return (outcome.Succeeded ? id : null, outcome);
    }

    public Task<WriteOutcome> ChangeAreaAsync(int propertyId, ChangeArea cmd, CancellationToken ct)
    {
        var key = StreamKeys.Area(cmd.AreaId);
        return writer.WriteAsync([key, StreamKeys.Property(propertyId)], null, async (session, token) =>
        {
            var claim = await ClaimAsync(cmd.Fields.Name, k => session.Query<AreaView>().Where(a => a.PropertyId == propertyId && a.NameKey == k).Select(a => a.Id), token);
            var read = await session.ReadStreamAsync<Area>(key, token);
            return Appended(session, read, AreaDecisions.Change(cmd, read.State, claim, clock.GetUtcNow()));
        }, ct);
    }

    public Task<WriteOutcome> DeleteAreaAsync(int propertyId, DeleteArea cmd, CancellationToken ct) =>
        writer.WriteAsync([StreamKeys.Area(cmd.AreaId), StreamKeys.Property(propertyId)], null, async (session, token) =>
        {
            var read = await session.ReadStreamAsync<Area>(StreamKeys.Area(cmd.AreaId), token);
            return Appended(session, read, AreaDecisions.Delete(cmd, read.State, clock.GetUtcNow()));
        }, ct);

    /// <summary>Links a camera to an area under the area's turn, so the area cannot be deleted between the check and the link.</summary>
    public Task<WriteOutcome> LinkCameraAsync(LinkCameraToArea cmd, CancellationToken ct)
    {
        var key = StreamKeys.Camera(cmd.CameraId);
        return writer.WriteAsync([key, StreamKeys.Area(cmd.AreaId)], null, async (session, token) =>
        {
            var camera = await session.ReadStreamAsync<Camera>(key, token);
            var areaExists = await session.LoadAsync<AreaView>(cmd.AreaId, token) is not null;
            return Appended(session, camera, CameraDecisions.LinkArea(cmd, camera.State, areaExists, clock.GetUtcNow()));
        }, ct);
    }

    public Task<WriteOutcome> UnlinkCameraAsync(UnlinkCameraFromArea cmd, CancellationToken ct) =>
        writer.DecideAsync<Camera>(StreamKeys.Camera(cmd.CameraId), state => CameraDecisions.UnlinkArea(cmd, state, clock.GetUtcNow()), null, ct);

    /// <summary>Queues the deletion of each property (and its areas) on its own stream, at the time of the parent's.</summary>
    private static async Task DeletePropertiesAsync(IDocumentSession session, int[] propertyIds, DateTimeOffset now, CancellationToken ct)
    {
        if (propertyIds.Length == 0) return;
        await DeleteAreasAsync(session, propertyIds, now, ct);
        foreach (var read in await session.ReadStreamsAsync<Property>(propertyIds.Select(StreamKeys.Property), ct))
            session.Append(read, PropertyDecisions.Delete(new DeleteProperty(read.State!.Id), read.State, now));
    }

    private static async Task DeleteAreasAsync(IDocumentSession session, int[] propertyIds, DateTimeOffset now, CancellationToken ct)
    {
        var areaIds = await session.Query<AreaView>().Where(a => propertyIds.Contains(a.PropertyId)).Select(a => a.Id).ToListAsync(ct);
        if (areaIds.Count == 0) return;
        foreach (var read in await session.ReadStreamsAsync<Area>(areaIds.Select(StreamKeys.Area), ct))
            session.Append(read, AreaDecisions.Delete(new DeleteArea(read.State!.Id), read.State, now));
    }

    /// <summary>
    /// Which sibling already holds <paramref name="name"/> (trimmed, case-insensitive); nothing is looked up for
    /// no name (a change that keeps it) or one the decider will refuse anyway.
    /// </summary>
    private static async Task<NameClaim> ClaimAsync(string? name, Func<string, IQueryable<int>> holdersOf, CancellationToken ct)
    {
        if (name is null || PropertyRules.NameProblem(name) is not null) return NameClaim.Free;
        var holders = await holdersOf(PropertyRules.KeyOf(name)).Take(1).ToListAsync(ct);
        return holders.Count == 0 ? NameClaim.Free : new NameClaim(holders[0]);
    }

    private static WriteOutcome Appended<TState>(IDocumentSession session, StreamRead<TState> read, Decision decision) where TState : class, IEvolving<TState> =>
        decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(read, decision));

    /// <summary>The next number of <paramref name="sequence"/>; a refused create leaves a gap, as sequences do.</summary>
    private async Task<int> NextIdAsync(string sequence, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return checked((int)(await session.QueryAsync<long>($"select nextval('{StoreSchema.Qualified(sequence)}')", ct)).Single());
    }
}
