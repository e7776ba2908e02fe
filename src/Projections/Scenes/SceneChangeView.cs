using Hsi.Domain.Scenes;

namespace Hsi.Projections.Scenes;

/// <summary>One recorded scene change of a camera: the read model behind its scene-change list.</summary>
public sealed class SceneChangeView
{
    public long Id { get; set; }
    public string CameraId { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
    public SceneChangeType ChangeType { get; set; }
    public double SimilarityScore { get; set; }
    public bool Acknowledged { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string FilePath { get; set; } = "";
    public Guid MediaId { get; set; }

    /// <summary>When a picture looked like the reference again (null while the change lasts).</summary>
    public DateTimeOffset? RestoredAt { get; set; }
}
