using Hsi.Inference.Risk;

namespace Hsi.Api.Features.AiAudit;

/// <summary>The analyzers a replay may use: the configured one (RISK_ANALYZER), or one named in the request.</summary>
public sealed class RiskAnalyzerChoice(IRiskAnalyzer configured)
{
    public static readonly IReadOnlyList<string> Names = ["rules", "llm"];

    /// <summary>The analyzer called <paramref name="name"/> (null: the configured one); null when it is not available here.</summary>
    public IRiskAnalyzer? Find(string? name) => name switch
    {
        null => configured,
        _ when configured.Identity.Analyzer == name => configured,
        "rules" => new RuleBasedRiskAnalyzer(),
        // An LLM needs LLM_URL and LLM_MODEL, which only RISK_ANALYZER=llm requires.
        _ => null,
    };

    public static string Unavailable(string name) =>
        name == "llm"
            ? "analyzer llm is not configured here (set RISK_ANALYZER=llm with LLM_URL and LLM_MODEL)"
            : $"analyzer must be one of: {string.Join(", ", Names)}";
}
