namespace Hsi.Domain.Properties;

// The household → property → area hierarchy (SEED-API §9). Each is a stream of its own
// (household:<id>, property:<id>, area:<id>), numbered by a database sequence. A deletion
// records its own event on every stream it takes with it: the household's properties and
// their areas each get their PropertyDeleted / AreaDeleted in the same commit.

public record HouseholdCreated(int HouseholdId, string Name, DateTimeOffset At);

public record HouseholdRenamed(int HouseholdId, string Name, DateTimeOffset At);

public record HouseholdDeleted(int HouseholdId, DateTimeOffset At);

/// <summary>A property's details: a site's name, address and the IANA time zone its cameras' days are counted in.</summary>
public sealed record PropertyDetails(string Name, string? Address, string Timezone);

public record PropertyCreated(int PropertyId, int HouseholdId, PropertyDetails Details, DateTimeOffset At);

/// <summary>Some of a property's details changed; <see cref="Details"/> is the whole of them after the change.</summary>
public record PropertyChanged(int PropertyId, int HouseholdId, PropertyDetails Details, DateTimeOffset At);

public record PropertyDeleted(int PropertyId, int HouseholdId, DateTimeOffset At);

/// <summary>An area's details: a named part of a property (not a polygon zone), and the colour it is drawn in.</summary>
public sealed record AreaDetails(string Name, string? Description, string Color);

public record AreaCreated(int AreaId, int PropertyId, AreaDetails Details, DateTimeOffset At);

public record AreaChanged(int AreaId, int PropertyId, AreaDetails Details, DateTimeOffset At);

public record AreaDeleted(int AreaId, int PropertyId, DateTimeOffset At);
