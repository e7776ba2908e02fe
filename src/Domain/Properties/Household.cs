using Hsi.Domain.Common;

namespace Hsi.Domain.Properties;

/// <summary>Write-side state of a household stream.</summary>
public sealed record Household(int Id, string Name, bool Deleted) : IEvolving<Household>
{
    public static Household? Evolve(Household? state, object e) => (state, e) switch
    {
        (_, HouseholdCreated x) => new(x.HouseholdId, x.Name, false),
        ({ } s, HouseholdRenamed x) => s with { Name = x.Name },
        ({ } s, HouseholdDeleted) => s with { Deleted = true },
        _ => state,
    };
}

/// <summary>Write-side state of a property stream.</summary>
public sealed record Property(int Id, int HouseholdId, PropertyDetails Details, bool Deleted) : IEvolving<Property>
{
    public static Property? Evolve(Property? state, object e) => (state, e) switch
    {
        (_, PropertyCreated x) => new(x.PropertyId, x.HouseholdId, x.Details, false),
        ({ } s, PropertyChanged x) => s with { Details = x.Details },
        ({ } s, PropertyDeleted) => s with { Deleted = true },
        _ => state,
    };
}

/// <summary>Write-side state of an area stream.</summary>
public sealed record Area(int Id, int PropertyId, AreaDetails Details, bool Deleted) : IEvolving<Area>
{
    public static Area? Evolve(Area? state, object e) => (state, e) switch
    {
        (_, AreaCreated x) => new(x.AreaId, x.PropertyId, x.Details, false),
        ({ } s, AreaChanged x) => s with { Details = x.Details },
        ({ } s, AreaDeleted) => s with { Deleted = true },
        _ => state,
    };
}
