using Hsi.Domain.Cameras;

namespace Hsi.Projections.Cameras;

/// <summary>Read model of one camera: what every camera GET returns.</summary>
public sealed class CameraView
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string FolderPath { get; set; } = "";
    public CameraStatus Status { get; set; }
    public string? Timezone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Case-insensitive uniqueness key for <see cref="Name"/>; a unique index backs it.</summary>
    public string NameKey { get; set; } = "";

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();
}
