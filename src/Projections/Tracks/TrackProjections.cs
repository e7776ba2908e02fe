namespace Hsi.Projections.Tracks;

/// <summary>The tracks module's read side: zone visits (dwell) and line crossings. Inline: read back as soon as the file is grouped.</summary>
public static class TrackProjections
{
    public static StoreOptions AddTrackProjections(this StoreOptions opts)
    {
        opts.Projections.Add<ZoneDwellViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ZoneCrossingsViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ZoneDwellView>().Duplicate(v => v.ZoneId).Duplicate(v => v.EntryTime);
        return opts;
    }
}
