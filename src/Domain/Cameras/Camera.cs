using Hsi.Domain.Common;

namespace Hsi.Domain.Cameras;

/// <summary>Write-side state of one camera stream; immutable, rebuilt from its events.</summary>
public sealed record Camera(
    string Id, string Name, string FolderPath, CameraStatus Status, string? Timezone, bool Deleted) : IEvolving<Camera>
{
    public int? PropertyId { get; init; }

    /// <summary>The areas the camera is linked to, in the order linked.</summary>
    public IReadOnlyList<int> AreaIds { get; init; } = [];

    public static Camera Create(CameraRegistered e) =>
        new(e.CameraId, e.Name, e.FolderPath, e.Status, e.Timezone, false);

    public Camera Apply(CameraRenamed e) => this with { Name = e.Name };
    public Camera Apply(CameraFolderChanged e) => this with { FolderPath = e.FolderPath };
    public Camera Apply(CameraStatusChanged e) => this with { Status = e.Status };
    public Camera Apply(CameraTimezoneChanged e) => this with { Timezone = e.Timezone };
    public Camera Apply(CameraDeleted _) => this with { Deleted = true };
    public Camera Apply(CameraRestored _) => this with { Deleted = false };
    public Camera Apply(CameraPropertyChanged e) => this with { PropertyId = e.PropertyId };
    public Camera Apply(CameraAreaLinked e) => this with { AreaIds = [.. AreaIds, e.AreaId] };
    public Camera Apply(CameraAreaUnlinked e) => this with { AreaIds = [.. AreaIds.Where(a => a != e.AreaId)] };

    public static Camera? Evolve(Camera? state, object e) => (state, e) switch
    {
        (_, CameraRegistered x) => Create(x),
        ({ } s, CameraRenamed x) => s.Apply(x),
        ({ } s, CameraFolderChanged x) => s.Apply(x),
        ({ } s, CameraStatusChanged x) => s.Apply(x),
        ({ } s, CameraTimezoneChanged x) => s.Apply(x),
        ({ } s, CameraDeleted x) => s.Apply(x),
        ({ } s, CameraRestored x) => s.Apply(x),
        ({ } s, CameraPropertyChanged x) => s.Apply(x),
        ({ } s, CameraAreaLinked x) => s.Apply(x),
        ({ } s, CameraAreaUnlinked x) => s.Apply(x),
        _ => state,
    };
}
