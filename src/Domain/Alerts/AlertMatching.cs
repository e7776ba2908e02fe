using System.Globalization;

namespace Hsi.Domain.Alerts;

/// <summary>One detection of an event as rules see it.</summary>
public sealed record CandidateDetection(string ObjectType, double Confidence, IReadOnlyList<Guid> ZoneIds);

/// <summary>An assessed security event as rules see it: where, when, how risky and what was seen.</summary>
public sealed record AlertCandidate(
    long EventId, string CameraId, string CameraName, int RiskScore, string RiskLevel, string? Summary, DateTimeOffset StartedAt,
    IReadOnlyList<CandidateDetection> Detections);

/// <summary>Whether a rule's conditions hold for an event, which did (in words) and which did not.</summary>
/// <param name="ObjectType">The object type the alert is about: the most confident detection among those the rule looks at.</param>
public sealed record RuleMatch(bool Matches, IReadOnlyList<string> MatchedConditions, IReadOnlyList<string> FailedConditions, string? ObjectType);

/// <summary>A rule's conditions over an event, all ANDed (SEED-API §6); a condition a rule leaves out holds.</summary>
public static class AlertMatching
{
    public static RuleMatch Evaluate(AlertRuleDefinition rule, AlertCandidate e)
    {
        var matched = new List<string>();
        var failed = new List<string>();
        void Check(bool holds, string condition) => (holds ? matched : failed).Add(condition);

        if (rule.RiskThreshold is { } threshold) Check(e.RiskScore >= threshold, $"risk_score {e.RiskScore} >= {threshold}");

        // The detections the rule looks at: those of its object types (all of them when it names none).
        var looked = rule.ObjectTypes.Count == 0
            ? e.Detections
            : [.. e.Detections.Where(d => rule.ObjectTypes.Contains(d.ObjectType.ToLowerInvariant()))];
        if (rule.ObjectTypes.Count > 0)
            Check(looked.Count > 0, looked.Count > 0
                ? $"object_type {string.Join(", ", looked.Select(d => d.ObjectType).Distinct())} in [{string.Join(", ", rule.ObjectTypes)}]"
                : $"object_type in [{string.Join(", ", rule.ObjectTypes)}]");
        if (rule.CameraIds.Count > 0) Check(rule.CameraIds.Contains(e.CameraId), $"camera_id {e.CameraId} in [{string.Join(", ", rule.CameraIds)}]");
        if (rule.ZoneIds.Count > 0)
        {
            var zone = e.Detections.SelectMany(d => d.ZoneIds).FirstOrDefault(rule.ZoneIds.Contains);
            Check(zone != Guid.Empty, zone != Guid.Empty ? $"zone {zone}" : "a detection in one of zone_ids");
        }
        if (rule.MinConfidence is { } min)
        {
            var best = looked.Count == 0 ? (double?)null : looked.Max(d => d.Confidence);
            Check(best >= min, $"confidence {Format(best)} >= {Format(min)}");
        }
        if (rule.Schedule is { } schedule) Check(IsActive(schedule, e.StartedAt), $"schedule active at {e.StartedAt:O} ({schedule.Timezone})");

        var subject = looked.OrderByDescending(d => d.Confidence).FirstOrDefault()?.ObjectType;
        return new RuleMatch(failed.Count == 0, matched, failed, subject);
    }

    /// <summary>Whether the schedule holds at <paramref name="at"/>, counted in the schedule's time zone (an unknown one as UTC).</summary>
    public static bool IsActive(AlertSchedule schedule, DateTimeOffset at)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(schedule.Timezone, out var z) ? z : TimeZoneInfo.Utc;
        return WeekDays.InWindow(TimeZoneInfo.ConvertTime(at, zone).DateTime, schedule.Days, schedule.StartTime, schedule.EndTime);
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none";
}
