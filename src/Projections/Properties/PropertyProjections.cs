namespace Hsi.Projections.Properties;

/// <summary>The households/properties/areas module's read side. Inline: what is created is read back at once, and names are checked against it.</summary>
public static class PropertyProjections
{
    public static StoreOptions AddPropertyProjections(this StoreOptions opts)
    {
        opts.Projections.Add<HouseholdViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<PropertyViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AreaViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<PropertyView>().Index(p => p.HouseholdId);
        opts.Schema.For<AreaView>().Index(a => a.PropertyId);
        return opts;
    }
}
