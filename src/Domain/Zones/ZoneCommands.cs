namespace Hsi.Domain.Zones;

/// <summary>
/// The fields a client sent; null means "not sent". On create the defaults apply (zone_type other,
/// kind area, shape rectangle, colour #3B82F6, enabled, priority 0); on change only what was sent.
/// </summary>
public sealed record ZoneFields(
    string? Name = null, ZoneKind? Kind = null, ZoneShape? Shape = null, ZoneType? ZoneType = null,
    IReadOnlyList<IReadOnlyList<double>>? Coordinates = null, string? Color = null, bool? Enabled = null,
    int? Priority = null, int? LoiterSeconds = null);

public record CreateZone(Guid ZoneId, string CameraId, ZoneFields Fields);

public record ChangeZone(Guid ZoneId, string CameraId, ZoneFields Fields);

public record DeleteZone(Guid ZoneId, string CameraId);
