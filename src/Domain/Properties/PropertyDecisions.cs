using Hsi.Domain.Common;

namespace Hsi.Domain.Properties;

/// <summary>Pure deciders of household streams: a name is valid and free among households.</summary>
public static class HouseholdDecisions
{
    public static string NotFound(int id) => $"Household {id} not found";

    public static Decision Create(CreateHousehold cmd, Household? state, NameClaim claim, DateTimeOffset now)
    {
        if (state is not null) return Decision.Refuse(ErrorKind.Conflict, $"Household {cmd.HouseholdId} already exists");
        return Named.Problem(cmd.Name, claim, cmd.HouseholdId, "household") ?? Decision.Of(new HouseholdCreated(cmd.HouseholdId, cmd.Name.Trim(), now));
    }

    public static Decision Rename(RenameHousehold cmd, Household? state, NameClaim claim, DateTimeOffset now)
    {
        if (state is null || state.Deleted) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.HouseholdId));
        if (Named.Problem(cmd.Name, claim, cmd.HouseholdId, "household") is { } problem) return problem;
        return cmd.Name.Trim() == state.Name ? Decision.Of() : Decision.Of(new HouseholdRenamed(state.Id, cmd.Name.Trim(), now));
    }

    /// <summary>The household's own deletion; its properties and areas are each deleted by their deciders in the same write.</summary>
    public static Decision Delete(DeleteHousehold cmd, Household? state, DateTimeOffset now) =>
        state is null || state.Deleted
            ? Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.HouseholdId))
            : Decision.Of(new HouseholdDeleted(state.Id, now));
}

/// <summary>Pure deciders of property streams: valid details, a live household, a name free within it.</summary>
public static class PropertyDecisions
{
    public static string NotFound(int id) => $"Property {id} not found";

    public static Decision Create(CreateProperty cmd, Property? state, Household? household, NameClaim claim, DateTimeOffset now)
    {
        if (household is null || household.Deleted) return Decision.Refuse(ErrorKind.NotFound, HouseholdDecisions.NotFound(cmd.HouseholdId));
        if (state is not null) return Decision.Refuse(ErrorKind.Conflict, $"Property {cmd.PropertyId} already exists");
        if (cmd.Fields.Name is null) return Decision.Refuse(ErrorKind.Invalid, "Field required", "name");
        var f = cmd.Fields;
        var details = new PropertyDetails(f.Name.Trim(), Address(f.Address), f.Timezone ?? PropertyRules.DefaultTimezone);
        return Problem(details, f, claim, cmd.PropertyId) ?? Decision.Of(new PropertyCreated(cmd.PropertyId, cmd.HouseholdId, details, now));
    }

    /// <summary>Only the fields sent change; an empty address clears it.</summary>
    public static Decision Change(ChangeProperty cmd, Property? state, NameClaim claim, DateTimeOffset now)
    {
        if (state is null || state.Deleted) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.PropertyId));
        var (d, f) = (state.Details, cmd.Fields);
        var details = new PropertyDetails(f.Name?.Trim() ?? d.Name, f.Address is null ? d.Address : Address(f.Address), f.Timezone ?? d.Timezone);
        if (Problem(details, f, claim, cmd.PropertyId) is { } problem) return problem;
        return details == d ? Decision.Of() : Decision.Of(new PropertyChanged(state.Id, state.HouseholdId, details, now));
    }

    public static Decision Delete(DeleteProperty cmd, Property? state, DateTimeOffset now) =>
        state is null || state.Deleted
            ? Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.PropertyId))
            : Decision.Of(new PropertyDeleted(state.Id, state.HouseholdId, now));

    private static string? Address(string? address) => address?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static Decision? Problem(PropertyDetails details, PropertyFields sent, NameClaim claim, int id)
    {
        if (sent.Address is { } address && PropertyRules.AddressProblem(address) is { } addressProblem) return Named.Refuse(addressProblem, "address");
        if (PropertyRules.TimezoneProblem(details.Timezone) is { } tzProblem) return Named.Refuse(tzProblem, "timezone");
        return Named.Problem(details.Name, claim, id, "property in this household");
    }
}

/// <summary>Pure deciders of area streams: valid details, a live property, a name free within it.</summary>
public static class AreaDecisions
{
    public static string NotFound(int id) => $"Area {id} not found";

    public static Decision Create(CreateArea cmd, Area? state, Property? property, NameClaim claim, DateTimeOffset now)
    {
        if (property is null || property.Deleted) return Decision.Refuse(ErrorKind.NotFound, PropertyDecisions.NotFound(cmd.PropertyId));
        if (state is not null) return Decision.Refuse(ErrorKind.Conflict, $"Area {cmd.AreaId} already exists");
        if (cmd.Fields.Name is null) return Decision.Refuse(ErrorKind.Invalid, "Field required", "name");
        var f = cmd.Fields;
        var details = new AreaDetails(f.Name.Trim(), Description(f.Description), f.Color ?? PropertyRules.DefaultColor);
        return Problem(details, f, claim, cmd.AreaId) ?? Decision.Of(new AreaCreated(cmd.AreaId, cmd.PropertyId, Normal(details), now));
    }

    public static Decision Change(ChangeArea cmd, Area? state, NameClaim claim, DateTimeOffset now)
    {
        if (state is null || state.Deleted) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.AreaId));
        var (d, f) = (state.Details, cmd.Fields);
        var details = new AreaDetails(f.Name?.Trim() ?? d.Name, f.Description is null ? d.Description : Description(f.Description), f.Color ?? d.Color);
        if (Problem(details, f, claim, cmd.AreaId) is { } problem) return problem;
        details = Normal(details);
        return details == d ? Decision.Of() : Decision.Of(new AreaChanged(state.Id, state.PropertyId, details, now));
    }

    /// <summary>Cameras linked to the area keep their link facts; a deleted area is simply no longer among their areas.</summary>
    public static Decision Delete(DeleteArea cmd, Area? state, DateTimeOffset now) =>
        state is null || state.Deleted
            ? Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.AreaId))
            : Decision.Of(new AreaDeleted(state.Id, state.PropertyId, now));

    private static string? Description(string? description) => description?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>Colours are stored upper-case, so #76b900 and #76B900 are one colour.</summary>
    private static AreaDetails Normal(AreaDetails d) => d with { Color = d.Color.ToUpperInvariant() };

    private static Decision? Problem(AreaDetails details, AreaFields sent, NameClaim claim, int id)
    {
        if (sent.Description is { } description && PropertyRules.DescriptionProblem(description) is { } descriptionProblem)
            return Named.Refuse(descriptionProblem, "description");
        if (PropertyRules.ColorProblem(details.Color) is { } colorProblem) return Named.Refuse(colorProblem, "color");
        return Named.Problem(details.Name, claim, id, "area in this property");
    }
}

/// <summary>The name rule every level shares: valid (422), then free among its siblings (409).</summary>
internal static class Named
{
    public static Decision? Problem(string name, NameClaim claim, int id, string what)
    {
        if (PropertyRules.NameProblem(name) is { } problem) return Refuse(problem, "name");
        return claim.HeldBy is { } holder && holder != id
            ? Decision.Refuse(ErrorKind.Conflict, $"A {what} named '{name.Trim()}' already exists (id {holder})")
            : null;
    }

    public static Decision Refuse(string message, string field) => Decision.Refuse(ErrorKind.Invalid, message, field);
}
