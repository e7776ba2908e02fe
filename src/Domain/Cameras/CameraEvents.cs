namespace Hsi.Domain.Cameras;

public enum CameraStatus { Online, Offline, Error, Unknown }

public record CameraRegistered(
    string CameraId, string Name, string FolderPath, CameraStatus Status, string? Timezone, DateTimeOffset At);

public record CameraRenamed(string CameraId, string Name, DateTimeOffset At);

public record CameraFolderChanged(string CameraId, string FolderPath, DateTimeOffset At);

public record CameraStatusChanged(string CameraId, CameraStatus Status, DateTimeOffset At);

public record CameraTimezoneChanged(string CameraId, string? Timezone, DateTimeOffset At);

public record CameraDeleted(string CameraId, DateTimeOffset At);

public record CameraRestored(string CameraId, DateTimeOffset At);

/// <summary>The camera was placed at a property (null: at none); its days are then counted in the property's time zone.</summary>
public record CameraPropertyChanged(string CameraId, int? PropertyId, DateTimeOffset At);

/// <summary>The camera was linked to an area (SEED-API §9: cameras and areas are many-to-many).</summary>
public record CameraAreaLinked(string CameraId, int AreaId, DateTimeOffset At);

public record CameraAreaUnlinked(string CameraId, int AreaId, DateTimeOffset At);
