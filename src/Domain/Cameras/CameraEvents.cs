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
