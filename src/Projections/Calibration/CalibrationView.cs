using System.Text.Json.Serialization;

namespace Hsi.Projections.Calibration;

/// <summary>Read model of a user's calibration: what <c>GET /api/calibration</c> returns (CONTRACT.md, calibration).</summary>
public sealed class CalibrationView
{
    /// <summary>The number clients know the calibration by; the system has one user, so its calibration is 1.</summary>
    public const int SingleUserNumber = 1;

    public int Id { get; set; }

    /// <summary>The document's key: whose calibration this is.</summary>
    public string UserId { get; set; } = "";

    public int LowThreshold { get; set; }
    public int MediumThreshold { get; set; }
    public int HighThreshold { get; set; }
    public double DecayFactor { get; set; }
    public int CorrectCount { get; set; }
    public int FalsePositiveCount { get; set; }
    public int MissedThreatCount { get; set; }

    /// <summary>
    /// The calibration stream's version: what a risk decision records as the calibration in force.
    /// Not named <c>Version</c> in code: Marten would take that for the document's own revision.
    /// </summary>
    [JsonPropertyName("version")]
    public long StreamVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
