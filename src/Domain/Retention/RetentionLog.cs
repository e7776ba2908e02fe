using Hsi.Domain.Common;

namespace Hsi.Domain.Retention;

/// <summary>Write-side state of the <c>retention:system</c> stream: how many cleanups ran, and the last one.</summary>
public sealed record RetentionLog(int Runs, RetentionCleanupRan Last) : IEvolving<RetentionLog>
{
    public static RetentionLog Create(RetentionCleanupRan e) => new(1, e);

    public RetentionLog Apply(RetentionCleanupRan e) => new(Runs + 1, e);

    public static RetentionLog? Evolve(RetentionLog? state, object e) => (state, e) switch
    {
        (null, RetentionCleanupRan x) => Create(x),
        ({ } s, RetentionCleanupRan x) => s.Apply(x),
        _ => state,
    };
}
