using System.Text.Json;
using Hsi.Domain.SecurityEvents;
using Hsi.Domain.Zones;

namespace Hsi.Inference.Risk;

/// <summary>
/// The default analyzer: fixed rules, documented in the README (Risk analysis), so the same inputs
/// always give the same score. Each rule that applies is one risk factor with its points.
/// </summary>
public sealed class RuleBasedRiskAnalyzer : IRiskAnalyzer
{
    /// <summary>Bumped whenever a rule or its points change, so recorded decisions say which rules made them.</summary>
    public const string RulesVersion = "4";

    public static readonly AnalyzerIdentity RulesIdentity = new("rules", "rule-based", RulesVersion);

    private static readonly HashSet<string> Vehicles = ["car", "truck", "bus", "motorcycle", "bicycle", "boat", "train", "airplane"];
    private static readonly HashSet<string> Animals = ["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"];
    private static readonly JsonSerializerOptions RawJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public AnalyzerIdentity Identity => RulesIdentity;

    public Task<RiskAnalysis> AnalyzeAsync(RiskInputs inputs, CancellationToken ct) => Task.FromResult(Analyze(inputs));

    public static RiskAnalysis Analyze(RiskInputs inputs)
    {
        var detections = inputs.Detections;
        var factors = new List<RiskFactor>();
        if (detections.Count == 0)
            return Result(inputs, 0, $"Nothing detected at {inputs.CameraName}", factors, null);

        var people = detections.Where(d => IsPerson(d.ObjectType)).ToList();
        var vehicles = detections.Where(d => Vehicles.Contains(d.ObjectType)).ToList();
        if (people.Count > 0) factors.Add(new("person", 40, "a person was seen"));
        else if (vehicles.Count > 0) factors.Add(new("vehicle", 20, $"a vehicle was seen ({TypesOf(vehicles)})"));
        else if (detections.Any(d => Animals.Contains(d.ObjectType))) factors.Add(new("animal", 5, $"only animals were seen ({TypesOf(detections)})"));
        else factors.Add(new("object", 5, $"only objects were seen ({TypesOf(detections)})"));

        // People in one picture at once; the same person in many frames is still one person.
        var peopleAtOnce = people.Count == 0 ? 0 : people.GroupBy(d => (d.MediaId, d.DetectedAt)).Max(g => g.Count());
        if (peopleAtOnce > 1) factors.Add(new("people_count", Math.Min(20, 10 * (peopleAtOnce - 1)), $"{peopleAtOnce} people at once"));
        if (ZoneFactor(people, inputs.Zones) is { } zoneFactor) factors.Add(zoneFactor);
        if (inputs.Loitering?.Where(l => IsPerson(l.ObjectType)).MaxBy(l => l.Seconds) is { } loiterer)
            factors.Add(new("loitering", 20, FormattableString.Invariant($"a person loitered in {loiterer.ZoneName} ({loiterer.Seconds:0} s)")));

        var (local, zoneNote) = LocalTime(inputs.StartedAt, inputs.Timezone);
        if (local.Hour is >= 22 or < 6)
        {
            var humanActivity = people.Count > 0 || vehicles.Count > 0;
            factors.Add(new("night", humanActivity ? 20 : 5, FormattableString.Invariant($"at night ({local:HH:mm} {zoneNote})")));
        }

        if (HiddenFaceFactor(people, inputs, local.Hour is >= 22 or < 6) is { } hiddenFace) factors.Add(hiddenFace);

        var duration = inputs.EndedAt - inputs.StartedAt;
        if (duration >= TimeSpan.FromMinutes(5)) factors.Add(new("duration", 20, $"activity lasted {Minutes(duration)}"));
        else if (duration >= TimeSpan.FromMinutes(1)) factors.Add(new("duration", 10, $"activity lasted {Minutes(duration)}"));

        var max = detections.Max(d => d.Confidence);
        var mean = detections.Average(d => d.Confidence);
        if (max < 0.6) factors.Add(new("low_confidence", -10, FormattableString.Invariant($"the detector was unsure (best confidence {max:0.00})")));
        else if (mean >= 0.85) factors.Add(new("high_confidence", 5, FormattableString.Invariant($"the detector was sure (mean confidence {mean:0.00})")));

        if (inputs.RecentEventCount >= 3) factors.Add(new("repeated_activity", 15, $"{inputs.RecentEventCount} other events at this camera in the hour before"));
        else if (inputs.RecentEventCount >= 1) factors.Add(new("repeated_activity", 5, $"{inputs.RecentEventCount} other event(s) at this camera in the hour before"));

        if (UnusualForTheHour(inputs.Baseline, detections) is { } unusual) factors.Add(unusual);
        if (inputs.Baseline?.Anomalies.FirstOrDefault(a => a.ObjectType is null) is { } busy)
            factors.Add(new("unusual_activity", 10, $"unusually busy for the hour: {busy.Reason}"));

        factors.AddRange(EntityFactors(inputs.Entities));

        var score = Math.Clamp(factors.Sum(f => f.Points), 0, 100);
        var night = factors.Any(f => f.Factor == "night") ? " at night" : "";
        var summary = $"{Capitalised(TypesOf(detections))} detected at {inputs.CameraName}{night}";
        return Result(inputs, score, summary, factors, ActionFor(score));
    }

    /// <summary>
    /// Where the people stood: in a restricted zone, else at an entry point, raises the score; a
    /// person seen only on the sidewalk (every person detection in sidewalk zones alone) lowers it.
    /// </summary>
    private static RiskFactor? ZoneFactor(IReadOnlyList<BatchedDetection> people, IReadOnlyList<RiskZone>? zones)
    {
        if (people.Count == 0 || zones is not { Count: > 0 }) return null;
        var byId = zones.ToDictionary(z => z.ZoneId);
        var placed = people.Select(p => (p.ZoneIds ?? []).Where(byId.ContainsKey).Select(id => byId[id]).ToList()).ToList();
        var stoodIn = placed.SelectMany(z => z).DistinctBy(z => z.ZoneId).ToList();
        string Names(ZoneType type) => string.Join(", ", stoodIn.Where(z => z.ZoneType == type).Select(z => z.Name).Order(StringComparer.Ordinal));
        if (stoodIn.Any(z => z.ZoneType == ZoneType.Restricted))
            return new("restricted_zone", 25, $"a person was in a restricted zone ({Names(ZoneType.Restricted)})");
        if (stoodIn.Any(z => z.ZoneType == ZoneType.EntryPoint))
            return new("entry_point_zone", 15, $"a person was at an entry point ({Names(ZoneType.EntryPoint)})");
        if (placed.All(z => z.Count > 0 && z.All(zone => zone.ZoneType == ZoneType.Sidewalk)))
            return new("sidewalk_only", -15, $"the person was only on the sidewalk ({Names(ZoneType.Sidewalk)})");
        return null;
    }

    /// <summary>
    /// Enrichment: at night, a person at an entry point whose face the face model did not find (turned away,
    /// covered, hooded) raises the score. Only a person enrichment looked at counts; none is assumed hidden.
    /// </summary>
    private static RiskFactor? HiddenFaceFactor(IReadOnlyList<BatchedDetection> people, RiskInputs inputs, bool night)
    {
        if (!night || people.Count == 0 || inputs.DetectionEnrichments is not { Count: > 0 } enrichments || inputs.Zones is not { Count: > 0 } zones)
            return null;
        var entryPoints = zones.Where(z => z.ZoneType == ZoneType.EntryPoint).ToDictionary(z => z.ZoneId);
        var faceHidden = enrichments.Where(e => e.FaceVisible == false).Select(e => e.DetectionId).ToHashSet();
        var at = people.Where(p => faceHidden.Contains(p.DetectionId))
            .SelectMany(p => (p.ZoneIds ?? []).Where(entryPoints.ContainsKey).Select(id => entryPoints[id].Name))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return at.Count == 0 ? null : new("face_not_visible", 10, $"a person's face was not visible at an entry point at night ({string.Join(", ", at)})");
    }

    /// <summary>
    /// Who was recognised: a trusted person or a known trusted plate lowers the score, an untrusted one
    /// raises it, and a person seen for the first time raises it a little (README, Risk analysis: entities).
    /// </summary>
    private static IEnumerable<RiskFactor> EntityFactors(IReadOnlyList<RiskEntity>? entities)
    {
        if (entities is not { Count: > 0 }) yield break;
        var distinct = entities.DistinctBy(e => e.EntityId).ToList();
        string Names(IEnumerable<RiskEntity> of) => string.Join(", ", of.Select(e => e.Plate is { } plate
            ? $"vehicle {plate}"
            : FormattableString.Invariant($"a person seen {e.TimesSeen} time{(e.TimesSeen == 1 ? "" : "s")}")).Order(StringComparer.Ordinal));
        var trusted = distinct.Where(e => e.TrustStatus == Domain.Entities.TrustStatus.Trusted).ToList();
        var untrusted = distinct.Where(e => e.TrustStatus == Domain.Entities.TrustStatus.Untrusted).ToList();
        if (trusted.Count > 0) yield return new("trusted_entity", -30, $"recognised as trusted ({Names(trusted)})");
        if (untrusted.Count > 0) yield return new("untrusted_entity", 25, $"recognised as untrusted ({Names(untrusted)})");
        if (distinct.Any(e => e.IsNew && e.EntityType == Domain.Entities.EntityType.Person))
            yield return new("new_person", 5, "a person not seen before");
    }

    private static RiskAnalysis Result(RiskInputs inputs, int score, string summary, List<RiskFactor> factors, string? action)
    {
        var reasoning = factors.Count == 0
            ? "No detections, so no risk."
            : $"Score {score} from: " + string.Join("; ", factors.Select(f => $"{f.Description} ({f.Points:+0;-0;0})")) + ".";
        var raw = JsonSerializer.Serialize(new { EventId = inputs.EventId, RiskScore = score, Summary = summary, RiskFactors = factors, RecommendedAction = action }, RawJson);
        return new RiskAnalysis(score, summary, reasoning, factors, action, raw);
    }

    private static string? ActionFor(int score) => score switch
    {
        >= 85 => "Check the camera now and consider calling for help",
        >= 60 => "Review the footage soon",
        >= 30 => "Review when convenient",
        _ => null,
    };

    /// <summary>The most telling class of the event that the camera's baseline (almost) never saw at this hour: a person 15, a vehicle 10, anything else 5.</summary>
    private static RiskFactor? UnusualForTheHour(Domain.Baselines.HourBaseline? baseline, IReadOnlyList<BatchedDetection> detections)
    {
        if (baseline is null) return null;
        var seen = detections.Select(d => d.ObjectType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return baseline.Anomalies
            .Where(a => a.ObjectType is { } type && seen.Contains(type))
            .Select(a => new RiskFactor("unusual_for_hour", IsPerson(a.ObjectType!) ? 15 : Vehicles.Contains(a.ObjectType!) ? 10 : 5, a.Reason))
            .OrderByDescending(f => f.Points).ThenBy(f => f.Description, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool IsPerson(string type) => type.Equals("person", StringComparison.OrdinalIgnoreCase);

    /// <summary>The camera's local time; a zone this machine does not know is read as UTC, and the reasoning says so.</summary>
    private static (DateTimeOffset Local, string Note) LocalTime(DateTimeOffset at, string timezone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone)
            ? (TimeZoneInfo.ConvertTime(at, zone), timezone)
            : (at.ToUniversalTime(), $"UTC; unknown time zone '{timezone}'");

    private static string TypesOf(IEnumerable<BatchedDetection> detections) =>
        string.Join(", ", detections.Select(d => d.ObjectType).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Minutes(TimeSpan duration) => FormattableString.Invariant($"{duration.TotalMinutes:0.#} min");
}
