namespace Hsi.Domain.Zones;

public enum ZoneKind { Area, Line }

public enum ZoneShape { Rectangle, Polygon }

/// <summary>Both of the seed's vocabularies (SPEC.md §6).</summary>
public enum ZoneType { EntryPoint, Driveway, Sidewalk, Walkway, Yard, Restricted, Perimeter, Other }

/// <summary>What a zone is, as drawn: its outline in normalised coordinates and how it counts.</summary>
public sealed record ZoneOutline(
    string Name, ZoneKind Kind, ZoneShape Shape, ZoneType ZoneType, IReadOnlyList<IReadOnlyList<double>> Coordinates,
    string Color, bool Enabled, int Priority, int? LoiterSeconds);

/// <summary>A zone was drawn on a camera (on <c>zone:&lt;uuid&gt;</c>).</summary>
public record ZoneCreated(Guid ZoneId, string CameraId, ZoneOutline Outline, DateTimeOffset At);

/// <summary>Some of a zone's fields changed; the outline is the whole zone after the change.</summary>
public record ZoneChanged(Guid ZoneId, string CameraId, ZoneOutline Outline, DateTimeOffset At);

public record ZoneDeleted(Guid ZoneId, string CameraId, DateTimeOffset At);
