using System.Text.RegularExpressions;
using Hsi.Domain.Common;

namespace Hsi.Domain.Zones;

/// <summary>
/// Pure deciders of a zone stream: the whole zone is validated, field by field, before anything is
/// recorded (a refusal names the field), and a zone belongs to the camera it was drawn on.
/// </summary>
public static partial class ZoneDecisions
{
    public const string DefaultColor = "#3B82F6";
    public const int MaxNameLength = 255;
    public const int MaxLoiterSeconds = 86_400;

    public static string NotFound(Guid zoneId, string cameraId) => $"Zone {zoneId} not found on camera {cameraId}";

    public static Decision Create(CreateZone cmd, Zone? state, DateTimeOffset now)
    {
        if (state is not null) return Decision.Refuse(ErrorKind.Conflict, $"Zone {cmd.ZoneId} already exists");
        if (cmd.Fields.Name is null) return Decision.Refuse(ErrorKind.Invalid, "Field required", "name");
        if (cmd.Fields.Coordinates is null) return Decision.Refuse(ErrorKind.Invalid, "Field required", "coordinates");
        var f = cmd.Fields;
        var outline = new ZoneOutline(f.Name.Trim(), f.Kind ?? ZoneKind.Area, f.Shape ?? ZoneShape.Rectangle, f.ZoneType ?? ZoneType.Other,
            f.Coordinates, f.Color ?? DefaultColor, f.Enabled ?? true, f.Priority ?? 0, f.LoiterSeconds);
        return Problem(outline) is { } problem ? problem : Decision.Of(new ZoneCreated(cmd.ZoneId, cmd.CameraId, outline, now));
    }

    /// <summary>PUT and PATCH alike: only the fields sent change; the result is validated whole.</summary>
    public static Decision Change(ChangeZone cmd, Zone? state, DateTimeOffset now)
    {
        if (state is null || state.Deleted || state.CameraId != cmd.CameraId)
            return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.ZoneId, cmd.CameraId));
        var (o, f) = (state.Outline, cmd.Fields);
        var outline = new ZoneOutline(f.Name?.Trim() ?? o.Name, f.Kind ?? o.Kind, f.Shape ?? o.Shape, f.ZoneType ?? o.ZoneType,
            f.Coordinates ?? o.Coordinates, f.Color ?? o.Color, f.Enabled ?? o.Enabled, f.Priority ?? o.Priority, f.LoiterSeconds ?? o.LoiterSeconds);
        if (Problem(outline) is { } problem) return problem;
        return SameOutline(outline, o) ? Decision.Of() : Decision.Of(new ZoneChanged(cmd.ZoneId, cmd.CameraId, outline, now));
    }

    public static Decision Delete(DeleteZone cmd, Zone? state, DateTimeOffset now) =>
        state is null || state.Deleted || state.CameraId != cmd.CameraId
            ? Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.ZoneId, cmd.CameraId))
            : Decision.Of(new ZoneDeleted(cmd.ZoneId, cmd.CameraId, now));

    private static Decision? Problem(ZoneOutline o)
    {
        if (o.Name.Length is 0 or > MaxNameLength) return Refuse($"name must be 1–{MaxNameLength} characters", "name");
        if (!HexColor().IsMatch(o.Color)) return Refuse("color must be #RRGGBB", "color");
        if (o.Priority is < 0 or > 100) return Refuse("priority must be between 0 and 100", "priority");
        if (o.LoiterSeconds is { } loiter && (loiter < 1 || loiter > MaxLoiterSeconds))
            return Refuse($"loiter_seconds must be between 1 and {MaxLoiterSeconds}", "loiter_seconds");
        if (o.Kind == ZoneKind.Line && o.LoiterSeconds is not null) return Refuse("a line zone counts crossings; loiter_seconds is for area zones", "loiter_seconds");
        return ZoneGeometry.OutlineProblem(o.Coordinates, o.Kind, o.Shape) is { } problem ? Refuse(problem, "coordinates") : null;
    }

    /// <summary>Records compare lists by reference; a change that sends the same points again changes nothing.</summary>
    private static bool SameOutline(ZoneOutline a, ZoneOutline b) =>
        a with { Coordinates = [] } == b with { Coordinates = [] }
        && a.Coordinates.Count == b.Coordinates.Count
        && a.Coordinates.Zip(b.Coordinates).All(p => p.First.SequenceEqual(p.Second));

    private static Decision Refuse(string message, string field) => Decision.Refuse(ErrorKind.Invalid, message, field);

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
