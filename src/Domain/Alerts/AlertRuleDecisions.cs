using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

/// <summary>
/// Pure deciders of an alert rule stream: the whole rule is validated, field by field, before anything is
/// recorded (a refusal names the field); PUT and PATCH alike change only the fields sent.
/// </summary>
public static class AlertRuleDecisions
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 2000;
    /// <summary>Enough for every label a detector knows; a longer list is a mistake or an attack (each is compared per event).</summary>
    public const int MaxListEntries = 50;
    public const int MaxEntryLength = 64;
    public const int MaxCooldownSeconds = 7 * 86_400;
    public const int DefaultCooldownSeconds = 300;
    /// <summary>Enough rules for any house; each is matched against every assessed event.</summary>
    public const int MaxRules = 1000;

    public static string NotFound(Guid ruleId) => $"Alert rule {ruleId} not found";

    public static Decision Create(CreateAlertRule cmd, AlertRule? state, DateTimeOffset now)
    {
        if (state is not null) return Decision.Refuse(ErrorKind.Conflict, $"Alert rule {cmd.RuleId} already exists");
        var f = cmd.Fields;
        if (f.Name is null) return Refuse("Field required", "name");
        var empty = new AlertRuleDefinition("", null, true, AlertSeverity.Medium, null, [], [], [], null, null,
            DefaultCooldownSeconds, DedupKeys.DefaultTemplate, [], null);
        var (definition, problem) = Merge(empty, f);
        return problem ?? Decision.Of(new AlertRuleCreated(cmd.RuleId, definition!, now));
    }

    public static Decision Change(ChangeAlertRule cmd, AlertRule? state, DateTimeOffset now)
    {
        if (state is null || state.Deleted) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.RuleId));
        var (definition, problem) = Merge(state.Definition, cmd.Fields);
        if (problem is not null) return problem;
        return Same(definition!, state.Definition) ? Decision.Of() : Decision.Of(new AlertRuleUpdated(cmd.RuleId, definition!, now));
    }

    public static Decision Delete(DeleteAlertRule cmd, AlertRule? state, DateTimeOffset now) =>
        state is null || state.Deleted
            ? Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.RuleId))
            : Decision.Of(new AlertRuleDeleted(cmd.RuleId, now));

    /// <summary>The rule after the fields sent, validated whole; or the refusal naming the first field at fault.</summary>
    private static (AlertRuleDefinition? Definition, Decision? Problem) Merge(AlertRuleDefinition o, AlertRuleFields f)
    {
        if (f.ObjectTypes is { } types && ListProblem(types, "object_types") is { } p1) return (null, p1);
        if (f.CameraIds is { } cameras && ListProblem(cameras, "camera_ids") is { } p2) return (null, p2);
        if (f.ZoneIds is { Count: > MaxListEntries }) return (null, Refuse($"zone_ids may hold at most {MaxListEntries} zones", "zone_ids"));
        if (f.Channels is { Count: > 3 }) return (null, Refuse("channels may name each of webhook, email, mqtt once", "channels"));
        AlertSchedule? schedule = o.Schedule;
        if (f.Schedule is { } sent)
        {
            var (parsed, problem) = ScheduleOf(sent, o.Schedule);
            if (problem is not null) return (null, problem);
            schedule = parsed;
        }
        var d = new AlertRuleDefinition(
            f.Name?.Trim() ?? o.Name, f.Description ?? o.Description, f.Enabled ?? o.Enabled, f.Severity ?? o.Severity,
            f.RiskThreshold ?? o.RiskThreshold, Normalise(f.ObjectTypes, true) ?? o.ObjectTypes, Normalise(f.CameraIds, false) ?? o.CameraIds,
            f.ZoneIds is { } zones ? [.. zones.Distinct()] : o.ZoneIds, f.MinConfidence ?? o.MinConfidence, schedule,
            f.CooldownSeconds ?? o.CooldownSeconds, f.DedupKeyTemplate ?? o.DedupKeyTemplate,
            f.Channels is { } channels ? [.. channels.Distinct()] : o.Channels, f.WebhookUrl?.Trim() ?? o.WebhookUrl);

        if (d.Name.Length is 0 or > MaxNameLength) return (null, Refuse($"name must be 1–{MaxNameLength} characters", "name"));
        if (d.Description is { Length: > MaxDescriptionLength })
            return (null, Refuse($"description must be at most {MaxDescriptionLength} characters", "description"));
        if (d.RiskThreshold is < 0 or > 100) return (null, Refuse("risk_threshold must be between 0 and 100", "risk_threshold"));
        if (d.MinConfidence is { } c && (!double.IsFinite(c) || c < 0 || c > 1))
            return (null, Refuse("min_confidence must be between 0 and 1", "min_confidence"));
        if (d.CooldownSeconds < 0 || d.CooldownSeconds > MaxCooldownSeconds)
            return (null, Refuse($"cooldown_seconds must be between 0 and {MaxCooldownSeconds}", "cooldown_seconds"));
        if (DedupKeys.Problem(d.DedupKeyTemplate) is { } template) return (null, Refuse(template, "dedup_key_template"));
        if (d.WebhookUrl is { Length: 0 }) d = d with { WebhookUrl = null };
        return (d, null);
    }

    private static (AlertSchedule? Schedule, Decision? Problem) ScheduleOf(ScheduleFields f, AlertSchedule? before)
    {
        var (days, dayProblem) = f.Days is { } names ? WeekDays.ParseAll(names) : (before?.Days ?? [], null);
        if (dayProblem is not null) return (null, Refuse(dayProblem, "schedule.days"));
        var start = before?.StartTime;
        var end = before?.EndTime;
        if (f.StartTime is { } s && (start = WeekDays.ParseTime(s)) is null)
            return (null, Refuse("start_time must be HH:MM, 00:00 to 23:59", "schedule.start_time"));
        if (f.EndTime is { } e && (end = WeekDays.ParseTime(e)) is null)
            return (null, Refuse("end_time must be HH:MM, 00:00 to 23:59", "schedule.end_time"));
        if (start.HasValue != end.HasValue)
            return (null, Refuse("start_time and end_time go together (neither: the whole day)", start.HasValue ? "schedule.end_time" : "schedule.start_time"));
        if (start is { } a && a == end) return (null, Refuse("start_time and end_time must differ (leave both out for the whole day)", "schedule.end_time"));
        var timezone = f.Timezone?.Trim() ?? before?.Timezone ?? "UTC";
        if (timezone.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
            return (null, Refuse($"timezone '{(timezone.Length > 64 ? timezone[..64] + "…" : timezone)}' is not an IANA time zone (e.g. Europe/Berlin)", "schedule.timezone"));
        return (new AlertSchedule(days, start, end, timezone), null);
    }

    private static Decision? ListProblem(IReadOnlyList<string> entries, string field)
    {
        if (entries.Count > MaxListEntries) return Refuse($"{field} may hold at most {MaxListEntries} entries, not {entries.Count}", field);
        foreach (var entry in entries)
            if (string.IsNullOrWhiteSpace(entry) || entry.Length > MaxEntryLength)
                return Refuse($"each of {field} must be 1–{MaxEntryLength} characters", field);
        return null;
    }

    /// <summary>Trimmed and each once; object types compare without case, as detector labels do.</summary>
    private static IReadOnlyList<string>? Normalise(IReadOnlyList<string>? entries, bool lowerCase) =>
        entries?.Select(e => lowerCase ? e.Trim().ToLowerInvariant() : e.Trim()).Distinct().ToList();

    private static bool Same(AlertRuleDefinition a, AlertRuleDefinition b) =>
        a with { ObjectTypes = [], CameraIds = [], ZoneIds = [], Channels = [], Schedule = null }
        == b with { ObjectTypes = [], CameraIds = [], ZoneIds = [], Channels = [], Schedule = null }
        && a.ObjectTypes.SequenceEqual(b.ObjectTypes) && a.CameraIds.SequenceEqual(b.CameraIds)
        && a.ZoneIds.SequenceEqual(b.ZoneIds) && a.Channels.SequenceEqual(b.Channels)
        && (a.Schedule, b.Schedule) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x with { Days = [] } == y with { Days = [] } && x.Days.SequenceEqual(y.Days),
            _ => false,
        };

    private static Decision Refuse(string message, string field) => Decision.Refuse(ErrorKind.Invalid, message, field);
}
