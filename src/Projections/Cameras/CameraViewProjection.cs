using Hsi.Domain.Cameras;

namespace Hsi.Projections.Cameras;

/// <summary>
/// The one writer of <see cref="CameraView"/>, from the camera streams. When a camera was last seen is not
/// kept here but read from the media it sent (<c>MediaView</c>), so each document has one writer and rebuilds alone.
/// </summary>
public partial class CameraViewProjection : MultiStreamProjection<CameraView, string>
{
    public CameraViewProjection()
    {
        Identity<CameraRegistered>(e => e.CameraId);
        Identity<CameraRenamed>(e => e.CameraId);
        Identity<CameraFolderChanged>(e => e.CameraId);
        Identity<CameraStatusChanged>(e => e.CameraId);
        Identity<CameraTimezoneChanged>(e => e.CameraId);
        Identity<CameraDeleted>(e => e.CameraId);
        Identity<CameraRestored>(e => e.CameraId);
        Identity<CameraPropertyChanged>(e => e.CameraId);
        Identity<CameraAreaLinked>(e => e.CameraId);
        Identity<CameraAreaUnlinked>(e => e.CameraId);
    }

    public CameraView Create(CameraRegistered e) => new()
    {
        Id = e.CameraId,
        Name = e.Name,
        NameKey = CameraView.KeyOf(e.Name),
        FolderPath = e.FolderPath,
        Status = e.Status,
        Timezone = e.Timezone,
        CreatedAt = e.At,
    };

    public void Apply(CameraRenamed e, CameraView view)
    {
        view.Name = e.Name;
        view.NameKey = CameraView.KeyOf(e.Name);
    }

    public void Apply(CameraFolderChanged e, CameraView view) => view.FolderPath = e.FolderPath;
    public void Apply(CameraStatusChanged e, CameraView view) => view.Status = e.Status;
    public void Apply(CameraTimezoneChanged e, CameraView view) => view.Timezone = e.Timezone;
    public void Apply(CameraDeleted e, CameraView view) => view.DeletedAt = e.At;
    public void Apply(CameraRestored e, CameraView view) => view.DeletedAt = null;
    public void Apply(CameraPropertyChanged e, CameraView view) => view.PropertyId = e.PropertyId;
    public void Apply(CameraAreaLinked e, CameraView view) => view.AreaIds.Add(e.AreaId);
    public void Apply(CameraAreaUnlinked e, CameraView view) => view.AreaIds.Remove(e.AreaId);
}
