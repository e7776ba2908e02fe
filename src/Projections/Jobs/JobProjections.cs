namespace Hsi.Projections.Jobs;

/// <summary>The jobs module's read side. Inline, so a job's status is read back as soon as it is recorded.</summary>
public static class JobProjections
{
    public static StoreOptions AddJobProjections(this StoreOptions opts)
    {
        opts.Projections.Add<JobViewProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
