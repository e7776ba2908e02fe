using Hsi.Domain.SecurityEvents;

namespace Hsi.Inference.Risk;

/// <summary>Scores one security event's risk (SPEC.md §1 Risk scoring). The level is not its business: it comes from the calibration.</summary>
public interface IRiskAnalyzer
{
    /// <summary>Which analyzer and model decide; recorded with each decision so a replay can use the same.</summary>
    AnalyzerIdentity Identity { get; }

    /// <exception cref="RiskAnalysisFailedException">The analyzer gave up after its own retries.</exception>
    Task<RiskAnalysis> AnalyzeAsync(RiskInputs inputs, CancellationToken ct);
}

/// <summary>The analyzer could not answer, after whatever retries it makes itself; the event gets the fallback decision.</summary>
public sealed class RiskAnalysisFailedException(string message, Exception? inner = null) : Exception(message, inner);
