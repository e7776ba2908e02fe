using Hsi.Domain.SecurityEvents;
using Hsi.Domain.Zones;
using Hsi.Inference.Risk;
using static Hsi.Inference.Tests.Risk.RiskInputsExamples;

namespace Hsi.Inference.Tests.Risk;

/// <summary>Where a person stood changes the rule-based score (README, Risk analysis).</summary>
public class ZoneRiskTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RiskZone Door = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d1"), "Front door", ZoneType.EntryPoint, 50);
    private static readonly RiskZone Shed = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d2"), "Shed", ZoneType.Restricted, 90);
    private static readonly RiskZone Pavement = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d3"), "Pavement", ZoneType.Sidewalk, 0);
    private static readonly RiskZone Lawn = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d4"), "Lawn", ZoneType.Yard, 0);

    private static RiskAnalysis Analyze(params (string Type, RiskZone[] Zones)[] seen)
    {
        var detections = seen.Select((s, i) => Seen(s.Type, Noon.AddSeconds(i), id: i + 1, media: Guid.NewGuid()) with { ZoneIds = [.. s.Zones.Select(z => z.ZoneId)] }).ToArray();
        return RuleBasedRiskAnalyzer.Analyze(Event("UTC", detections) with { Zones = [Door, Shed, Pavement, Lawn] });
    }

    private static readonly double Unzoned = RuleBasedRiskAnalyzer.Analyze(Event("UTC", Seen("person", Noon))).RiskScore;

    [Fact]
    public void A_person_at_an_entry_point_or_in_a_restricted_zone_scores_higher()
    {
        var door = Analyze(("person", [Door]));
        var shed = Analyze(("person", [Shed, Door]));
        Assert.Equal(Unzoned + 15, door.RiskScore);
        Assert.Contains(door.RiskFactors, f => f.Factor == "entry_point_zone" && f.Description.Contains("Front door"));
        Assert.Equal(Unzoned + 25, shed.RiskScore);
        Assert.DoesNotContain(shed.RiskFactors, f => f.Factor == "entry_point_zone");
    }

    [Fact]
    public void A_person_only_on_the_sidewalk_scores_lower_but_not_once_they_step_off_it()
    {
        Assert.Equal(Unzoned - 15, Analyze(("person", [Pavement]), ("person", [Pavement])).RiskScore);
        Assert.Equal(Unzoned, Analyze(("person", [Pavement]), ("person", [Lawn])).RiskScore);
        Assert.Equal(Unzoned, Analyze(("person", [Pavement]), ("person", [])).RiskScore);
    }

    [Fact]
    public void An_animal_at_the_door_is_no_person_at_the_door()
    {
        Assert.DoesNotContain(Analyze(("dog", [Door])).RiskFactors, f => f.Factor == "entry_point_zone");
    }
}

public class LoiteringRiskTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_person_loitering_raises_the_score_and_a_loitering_cat_does_not()
    {
        var plain = Event("UTC", Seen("person", Noon));
        var zone = Guid.Parse("0193a5c4-0000-7000-8000-0000000000e1");
        var loitering = RuleBasedRiskAnalyzer.Analyze(plain with { Loitering = [new RiskLoitering(zone, "Porch", 3, "person", 75)] });
        var cat = RuleBasedRiskAnalyzer.Analyze(plain with { Loitering = [new RiskLoitering(zone, "Porch", 4, "cat", 75)] });

        Assert.Equal(RuleBasedRiskAnalyzer.Analyze(plain).RiskScore + 20, loitering.RiskScore);
        Assert.Contains(loitering.RiskFactors, f => f.Factor == "loitering" && f.Description.Contains("Porch"));
        Assert.Equal(RuleBasedRiskAnalyzer.Analyze(plain).RiskScore, cat.RiskScore);
    }
}

/// <summary>What enrichment found changes the rule-based score (README, Risk analysis).</summary>
public class EnrichmentRiskTests
{
    private static readonly DateTimeOffset Night = new(2025, 6, 1, 2, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RiskZone Door = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d1"), "Front door", ZoneType.EntryPoint, 50);
    private static readonly RiskZone Lawn = new(Guid.Parse("0193a5c4-0000-7000-8000-0000000000d4"), "Lawn", ZoneType.Yard, 0);

    private static RiskAnalysis Analyze(DateTimeOffset at, RiskZone zone, bool? faceVisible)
    {
        var person = Seen("person", at, id: 1) with { ZoneIds = [zone.ZoneId] };
        var inputs = Event("UTC", person) with { Zones = [zone] };
        if (faceVisible is { } visible)
            inputs = inputs with { DetectionEnrichments = [new RiskEnrichment(1, "person", visible, visible ? 1 : 0, null, null, null, null, 80, false)] };
        return RuleBasedRiskAnalyzer.Analyze(inputs);
    }

    [Fact]
    public void A_person_at_an_entry_point_at_night_with_no_face_visible_scores_ten_more()
    {
        var hidden = Analyze(Night, Door, faceVisible: false);
        Assert.Equal(Analyze(Night, Door, faceVisible: true).RiskScore + 10, hidden.RiskScore);
        Assert.Contains(hidden.RiskFactors, f => f.Factor == "face_not_visible" && f.Points == 10 && f.Description.Contains("Front door"));
    }

    [Fact]
    public void Not_by_day_not_off_the_entry_points_and_not_without_enrichment()
    {
        Assert.DoesNotContain(Analyze(Noon, Door, faceVisible: false).RiskFactors, f => f.Factor == "face_not_visible");
        Assert.DoesNotContain(Analyze(Night, Lawn, faceVisible: false).RiskFactors, f => f.Factor == "face_not_visible");
        Assert.DoesNotContain(Analyze(Night, Door, faceVisible: null).RiskFactors, f => f.Factor == "face_not_visible");
    }
}
