using Hsi.Domain.Enrichment;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Whether the enrichment stage runs (ENRICHMENT_ENABLED), and how long risk assessment waits for an
/// event's enrichment before it decides with what it has (ENRICHMENT_WAIT_SECONDS).
/// </summary>
public sealed record EnrichmentStageSettings(bool Enabled = true, double WaitSeconds = 10, long MaxImagePixels = Detection.ImageDecoding.DefaultMaxPixels)
{
    /// <summary>How often risk assessment looks again while it waits.</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>The enrichment status of a detection with no enrichment recorded: pending, or disabled with the stage off.</summary>
    public EnrichmentSummary Unenriched => Enabled ? EnrichmentSummary.PendingSummary : EnrichmentSummary.DisabledSummary;
}
