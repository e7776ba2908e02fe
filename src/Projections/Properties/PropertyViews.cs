using Hsi.Domain.Common;
using Hsi.Domain.Properties;

namespace Hsi.Projections.Properties;

/// <summary>A household as it is now; its document goes when it is deleted (its stream stays).</summary>
public sealed class HouseholdView
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The name as compared for uniqueness (<see cref="PropertyRules.KeyOf"/>).</summary>
    public string NameKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A property as it is now: a site of a household, with the time zone its cameras' days are counted in.</summary>
public sealed class PropertyView
{
    public int Id { get; set; }
    public int HouseholdId { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string? Address { get; set; }
    public string Timezone { get; set; } = PropertyRules.DefaultTimezone;
    public DateTimeOffset CreatedAt { get; set; }

    public void Take(PropertyDetails d) => (Name, NameKey, Address, Timezone) = (d.Name, PropertyRules.KeyOf(d.Name), d.Address, d.Timezone);
}

/// <summary>An area as it is now: a named part of a property.</summary>
public sealed class AreaView
{
    public int Id { get; set; }
    public int PropertyId { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string? Description { get; set; }
    public string Color { get; set; } = PropertyRules.DefaultColor;
    public DateTimeOffset CreatedAt { get; set; }

    public void Take(AreaDetails d) => (Name, NameKey, Description, Color) = (d.Name, PropertyRules.KeyOf(d.Name), d.Description, d.Color);
}

/// <summary>The one writer of <see cref="HouseholdView"/>.</summary>
public partial class HouseholdViewProjection : MultiStreamProjection<HouseholdView, int>
{
    public HouseholdViewProjection()
    {
        Identity<HouseholdCreated>(e => e.HouseholdId);
        Identity<HouseholdRenamed>(e => e.HouseholdId);
        Identity<HouseholdDeleted>(e => e.HouseholdId);
        DeleteEvent<HouseholdDeleted>();
    }

    public HouseholdView Create(HouseholdCreated e) =>
        new() { Id = e.HouseholdId, Name = e.Name, NameKey = PropertyRules.KeyOf(e.Name), CreatedAt = StoredTime.Of(e.At) };

    public void Apply(HouseholdRenamed e, HouseholdView view) => (view.Name, view.NameKey) = (e.Name, PropertyRules.KeyOf(e.Name));
}

/// <summary>The one writer of <see cref="PropertyView"/>; a property deleted (alone or with its household) loses its document.</summary>
public partial class PropertyViewProjection : MultiStreamProjection<PropertyView, int>
{
    public PropertyViewProjection()
    {
        Identity<PropertyCreated>(e => e.PropertyId);
        Identity<PropertyChanged>(e => e.PropertyId);
        Identity<PropertyDeleted>(e => e.PropertyId);
        DeleteEvent<PropertyDeleted>();
    }

    public PropertyView Create(PropertyCreated e)
    {
        var view = new PropertyView { Id = e.PropertyId, HouseholdId = e.HouseholdId, CreatedAt = StoredTime.Of(e.At) };
        view.Take(e.Details);
        return view;
    }

    public void Apply(PropertyChanged e, PropertyView view) => view.Take(e.Details);
}

/// <summary>The one writer of <see cref="AreaView"/>.</summary>
public partial class AreaViewProjection : MultiStreamProjection<AreaView, int>
{
    public AreaViewProjection()
    {
        Identity<AreaCreated>(e => e.AreaId);
        Identity<AreaChanged>(e => e.AreaId);
        Identity<AreaDeleted>(e => e.AreaId);
        DeleteEvent<AreaDeleted>();
    }

    public AreaView Create(AreaCreated e)
    {
        var view = new AreaView { Id = e.AreaId, PropertyId = e.PropertyId, CreatedAt = StoredTime.Of(e.At) };
        view.Take(e.Details);
        return view;
    }

    public void Apply(AreaChanged e, AreaView view) => view.Take(e.Details);
}
