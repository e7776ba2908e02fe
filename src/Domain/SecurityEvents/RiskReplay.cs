using Hsi.Domain.Calibration;

namespace Hsi.Domain.SecurityEvents;

/// <summary>Which way a replayed decision moved the event's risk.</summary>
public enum RiskChange { Up, Down, Same }

/// <summary>How a replayed decision compares with the one it would replace.</summary>
public static class RiskReplay
{
    public const string Trigger = "replay";

    /// <summary>A replay records a new decision only when the score or the level differs.</summary>
    public static bool Changed(RiskDecision before, RiskDecision after) =>
        before.RiskScore != after.RiskScore || before.RiskLevel != after.RiskLevel;

    /// <summary>By level first (what a reviewer sees), then by score within a level.</summary>
    public static RiskChange Compare(int beforeScore, RiskLevel beforeLevel, int afterScore, RiskLevel afterLevel)
    {
        var byLevel = afterLevel.CompareTo(beforeLevel);
        var order = byLevel != 0 ? byLevel : afterScore.CompareTo(beforeScore);
        return order > 0 ? RiskChange.Up : order < 0 ? RiskChange.Down : RiskChange.Same;
    }
}
