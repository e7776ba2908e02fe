namespace Hsi.Domain.Calibration;

public enum RiskLevel { Low, Medium, High, Critical }

/// <summary>SPEC.md §1: a level is always derived from a score with the thresholds in force, so the two never disagree.</summary>
public static class RiskLevels
{
    public static RiskLevel Of(int score, Thresholds t) =>
        score < t.Low ? RiskLevel.Low
        : score < t.Medium ? RiskLevel.Medium
        : score < t.High ? RiskLevel.High
        : RiskLevel.Critical;

    public static int Clamp(double score) => double.IsNaN(score) ? 0 : (int)Math.Round(Math.Clamp(score, 0, 100));

    /// <summary>The lowercase name clients see (<c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>).</summary>
    public static string Name(this RiskLevel level) => level.ToString().ToLowerInvariant();
}
