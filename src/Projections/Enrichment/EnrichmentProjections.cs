namespace Hsi.Projections.Enrichment;

/// <summary>The enrichment module's read side. Inline: risk assessment reads an event's enrichment as soon as it is recorded.</summary>
public static class EnrichmentProjections
{
    public static StoreOptions AddEnrichmentProjections(this StoreOptions opts)
    {
        opts.Projections.Add<DetectionEnrichmentViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<DetectionEnrichmentView>().Identity(v => v.Id).Duplicate(v => v.MediaId);
        return opts;
    }
}
