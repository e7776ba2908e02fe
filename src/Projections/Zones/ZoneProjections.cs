namespace Hsi.Projections.Zones;

/// <summary>The zones module's read side. Inline: a zone drawn is read back at once (and used by the next file analysed).</summary>
public static class ZoneProjections
{
    public static StoreOptions AddZoneProjections(this StoreOptions opts)
    {
        opts.Projections.Add<ZoneViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ZoneView>().Index(z => z.CameraId);
        return opts;
    }
}
