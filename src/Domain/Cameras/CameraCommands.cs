namespace Hsi.Domain.Cameras;

/// <summary>Register a camera. <see cref="FolderPath"/> is already resolved to an absolute path under the camera root.</summary>
public record RegisterCamera(string Name, string FolderPath, CameraStatus? Status, string? Timezone, int? PropertyId = null,
    IReadOnlyList<int>? AreaIds = null);

/// <summary>
/// Change only what is given; null means "leave as is". The property is the exception, since null
/// there means "at no property": <see cref="SetsProperty"/> says whether it was sent. <see cref="AreaIds"/>,
/// when given, is the whole set of the camera's areas (empty: none).
/// </summary>
public record UpdateCamera(string CameraId, string? Name, string? FolderPath, CameraStatus? Status, string? Timezone,
    bool SetsProperty = false, int? PropertyId = null, IReadOnlyList<int>? AreaIds = null);

public record LinkCameraToArea(string CameraId, int AreaId);

public record UnlinkCameraFromArea(string CameraId, int AreaId);

public record DeleteCamera(string CameraId);

public record RestoreCamera(string CameraId);

/// <summary>
/// Which cameras (deleted ones included) already hold the requested name, folder or id;
/// a deleted holder keeps its claims and is named so the refusal can hint at a restore.
/// </summary>
public record CameraClaims(string? NameHeldBy, string? FolderHeldBy, string? IdHeldBy, IReadOnlySet<string> DeletedHolders)
{
    /// <summary>The property the command places the camera at is not a live property.</summary>
    public bool PropertyUnknown { get; init; }

    /// <summary>The areas the command links the camera to that are not live areas.</summary>
    public IReadOnlyList<int> UnknownAreas { get; init; } = [];

    public static readonly CameraClaims None = new(null, null, null, new HashSet<string>());
}
