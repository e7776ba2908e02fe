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

    /// <summary>The property the camera is at, as last set (a deleted property reads as none: see CameraPlaces).</summary>
    public int? PropertyId { get; set; }

    /// <summary>The areas linked, in the order linked (deleted areas are left out where the camera is shown).</summary>
    public List<int> AreaIds { get; set; } = [];

    /// <summary>Case-insensitive uniqueness key for <see cref="Name"/>; a unique index backs it.</summary>
    public string NameKey { get; set; } = "";

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();
}
