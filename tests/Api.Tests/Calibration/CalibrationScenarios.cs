using System.Text.Json.Nodes;
using Hsi.Domain.Calibration;

namespace Hsi.Api.Tests.Calibration;

/// <summary>
/// A calibration as the API shows it: GET/PATCH/PUT /api/calibration, the reset's and feedback's
/// <c>calibration</c>, and each history entry (which adds what changed it).
/// </summary>
public sealed record CalibrationBody(
    int LowThreshold, int MediumThreshold, int HighThreshold, double DecayFactor,
    int CorrectCount, int FalsePositiveCount, int MissedThreatCount, long Version,
    int? Id = null, string? UserId = null, string? CreatedAt = null, string? UpdatedAt = null,
    string? Kind = null, long? EventId = null, string? FeedbackType = null, int? RiskScore = null)
{
    public (int Low, int Medium, int High, double Decay) Levels => (LowThreshold, MediumThreshold, HighThreshold, DecayFactor);
    public (int Correct, int FalsePositive, int MissedThreat) Counts => (CorrectCount, FalsePositiveCount, MissedThreatCount);
    public Thresholds Thresholds => new(LowThreshold, MediumThreshold, HighThreshold, DecayFactor);
}

public static class CalibrationScenarios
{
    public static CalibrationBody Calibration(this JsonNode node) => node.As<CalibrationBody>();

    public static IReadOnlyList<CalibrationBody> History(this JsonNode page) =>
        page["items"]!.AsArray().Select(i => i!.As<CalibrationBody>()).ToList();
}
