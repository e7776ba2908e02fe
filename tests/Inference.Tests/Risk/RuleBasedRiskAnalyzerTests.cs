using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using static Hsi.Inference.Tests.Risk.RiskInputsExamples;

namespace Hsi.Inference.Tests.Risk;

public class RuleBasedRiskAnalyzerTests
{
    // 14:00 UTC is 23:00 in Tokyo; 04:00 UTC is 13:00 there.
    private static readonly DateTimeOffset TokyoNight = new(2025, 6, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TokyoDay = new(2025, 6, 1, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TwoAm = new(2025, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static RiskAnalysis Analyze(RiskInputs inputs) => RuleBasedRiskAnalyzer.Analyze(inputs);

    private static RiskLevel LevelOf(RiskAnalysis a) => RiskLevels.Of(RiskLevels.Clamp(a.RiskScore), Thresholds.Defaults);

    [Fact]
    public void Night_is_judged_in_the_cameras_time_zone()
    {
        var nightInTokyo = Analyze(Event("Asia/Tokyo", Seen("person", TokyoNight)));
        var sameMomentInUtc = Analyze(Event("UTC", Seen("person", TokyoNight)));
        var dayInTokyo = Analyze(Event("Asia/Tokyo", Seen("person", TokyoDay)));
        var sameMomentNightInUtc = Analyze(Event("UTC", Seen("person", TokyoDay)));

        Assert.Contains(nightInTokyo.RiskFactors, f => f.Factor == "night");
        Assert.DoesNotContain(sameMomentInUtc.RiskFactors, f => f.Factor == "night");
        Assert.DoesNotContain(dayInTokyo.RiskFactors, f => f.Factor == "night");
        Assert.Contains(sameMomentNightInUtc.RiskFactors, f => f.Factor == "night");
        Assert.True(nightInTokyo.RiskScore > sameMomentInUtc.RiskScore);
        Assert.Equal(RiskLevel.High, LevelOf(nightInTokyo));
        Assert.Equal(RiskLevel.Medium, LevelOf(dayInTokyo));
        Assert.Contains("at night", nightInTokyo.Summary);
    }

    [Fact]
    public void A_person_weighs_more_than_a_car_and_a_car_more_than_a_cat()
    {
        var person = Analyze(Event("UTC", Seen("person", Noon)));
        var car = Analyze(Event("UTC", Seen("car", Noon)));
        var cat = Analyze(Event("UTC", Seen("cat", Noon)));

        Assert.True(person.RiskScore > car.RiskScore, $"{person.RiskScore} > {car.RiskScore}");
        Assert.True(car.RiskScore > cat.RiskScore, $"{car.RiskScore} > {cat.RiskScore}");
        Assert.Equal(RiskLevel.Low, LevelOf(cat));
        Assert.Equal("Cat detected at Front Door", cat.Summary);
    }

    [Fact]
    public void A_cat_at_night_stays_low_while_a_person_at_night_is_high()
    {
        var cat = Analyze(Event("UTC", Seen("cat", TwoAm)));
        var person = Analyze(Event("UTC", Seen("person", TwoAm)));

        Assert.Equal(RiskLevel.Low, LevelOf(cat));
        Assert.Equal(RiskLevel.High, LevelOf(person));
    }

    [Fact]
    public void More_people_at_once_raise_the_score_but_one_person_in_many_frames_does_not()
    {
        var one = Analyze(Event("UTC", Seen("person", Noon)));
        var three = Analyze(Event("UTC", Seen("person", Noon, id: 1), Seen("person", Noon, id: 2), Seen("person", Noon, id: 3)));
        var oneInThreeFrames = Analyze(Event("UTC",
            Seen("person", Noon, id: 1), Seen("person", Noon.AddSeconds(1), id: 2), Seen("person", Noon.AddSeconds(2), id: 3)));

        Assert.Equal(one.RiskScore + 20, three.RiskScore);
        Assert.Contains(three.RiskFactors, f => f is { Factor: "people_count", Points: 20 });
        Assert.Equal(one.RiskScore, oneInThreeFrames.RiskScore);
    }

    [Fact]
    public void Repeated_activity_and_a_long_stay_raise_the_score()
    {
        var once = Analyze(Event("UTC", Seen("person", Noon)));
        var again = Analyze(Event("UTC", 3, Seen("person", Noon)));
        var lingering = Analyze(Event("UTC", Seen("person", Noon, id: 1), Seen("person", Noon.AddMinutes(6), id: 2)));

        Assert.Equal(once.RiskScore + 15, again.RiskScore);
        Assert.Contains(again.RiskFactors, f => f.Factor == "repeated_activity");
        Assert.Equal(once.RiskScore + 20, lingering.RiskScore);
    }

    [Fact]
    public void An_unsure_detector_lowers_the_score()
    {
        var sure = Analyze(Event("UTC", Seen("person", Noon, confidence: 0.95)));
        var unsure = Analyze(Event("UTC", Seen("person", Noon, confidence: 0.55)));

        Assert.Equal(sure.RiskScore - 15, unsure.RiskScore);
    }

    [Fact]
    public void The_score_never_exceeds_100_and_every_factor_is_in_the_reasoning()
    {
        var worst = Analyze(Event("UTC", 5,
            Seen("person", TwoAm, id: 1), Seen("person", TwoAm, id: 2), Seen("person", TwoAm, id: 3),
            Seen("person", TwoAm.AddMinutes(12), id: 4)));

        Assert.Equal(100, worst.RiskScore);
        Assert.All(worst.RiskFactors, f => Assert.Contains(f.Description, worst.Reasoning));
        Assert.NotNull(worst.RecommendedAction);
    }

    [Fact]
    public async Task The_same_inputs_give_the_same_answer()
    {
        var inputs = Event("Europe/Berlin", 2, Seen("person", TokyoNight, 0.8, id: 1), Seen("dog", TokyoNight.AddSeconds(30), 0.7, id: 2));
        var analyzer = new RuleBasedRiskAnalyzer();

        var first = await analyzer.AnalyzeAsync(inputs, CancellationToken.None);
        var second = await analyzer.AnalyzeAsync(inputs, CancellationToken.None);

        Assert.Equal(first.RiskScore, second.RiskScore);
        Assert.Equal(first.Summary, second.Summary);
        Assert.Equal(first.Reasoning, second.Reasoning);
        Assert.Equal(first.RiskFactors, second.RiskFactors);
        Assert.Equal(first.RawOutput, second.RawOutput);
        Assert.Equal(new AnalyzerIdentity("rules", "rule-based", RuleBasedRiskAnalyzer.RulesVersion), analyzer.Identity);
    }

    [Fact]
    public void A_person_at_an_hour_the_baseline_never_saw_one_and_an_unusually_busy_hour_add_points()
    {
        var hour = new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero);
        var baseline = new Hsi.Domain.Baselines.HourBaseline(hour, 3, 30, 0, 2, true,
        [
            new(hour, null, 1, null, 0, 2, 30, "2 detections in the hour against a mean of 0 (σ 0) over 30 other 03:00 hours"),
            new(hour, "person", 1, null, 0, 1, 30, "person at 03:00, where none was seen in the 30 other 03:00 hours"),
            new(hour, "cat", 1, null, 0, 1, 30, "cat at 03:00, where none was seen in the 30 other 03:00 hours"),
        ]);
        var plain = Analyze(Event("UTC", Seen("person", hour.AddMinutes(5)), Seen("cat", hour.AddMinutes(5), id: 2)));
        var unusual = Analyze(Event("UTC", Seen("person", hour.AddMinutes(5)), Seen("cat", hour.AddMinutes(5), id: 2)) with { Baseline = baseline });

        var factor = Assert.Single(unusual.RiskFactors, f => f.Factor == "unusual_for_hour");
        Assert.Equal((15, "person at 03:00, where none was seen in the 30 other 03:00 hours"), (factor.Points, factor.Description));
        Assert.Equal(10, Assert.Single(unusual.RiskFactors, f => f.Factor == "unusual_activity").Points);
        Assert.Equal(plain.RiskScore + 25, unusual.RiskScore);
        Assert.Equal("4", RuleBasedRiskAnalyzer.RulesVersion);
    }

    [Fact]
    public void A_trusted_entity_lowers_the_score_an_untrusted_one_raises_it_and_a_new_person_raises_it_a_little()
    {
        static RiskEntity Person(Hsi.Domain.Entities.TrustStatus trust, int seen = 4, bool isNew = false) =>
            new(1, Guid.Parse("0193a5c4-0000-7000-8000-000000000001"), Hsi.Domain.Entities.EntityType.Person, trust, seen, isNew, null);
        var inputs = Event("UTC", Seen("person", Noon));
        var unknown = Analyze(inputs);
        var unclassified = Analyze(inputs with { Entities = [Person(Hsi.Domain.Entities.TrustStatus.Unclassified)] });
        var trusted = Analyze(inputs with { Entities = [Person(Hsi.Domain.Entities.TrustStatus.Trusted)] });
        var untrusted = Analyze(inputs with { Entities = [Person(Hsi.Domain.Entities.TrustStatus.Untrusted)] });
        var stranger = Analyze(inputs with { Entities = [Person(Hsi.Domain.Entities.TrustStatus.Unclassified, 1, isNew: true)] });
        var knownCar = Analyze(Event("UTC", Seen("car", Noon)) with
        {
            Entities = [new(1, Guid.Parse("0193a5c4-0000-7000-8000-000000000002"), Hsi.Domain.Entities.EntityType.Vehicle,
                Hsi.Domain.Entities.TrustStatus.Trusted, 9, false, "D01113")],
        });

        Assert.Equal(unknown.RiskScore, unclassified.RiskScore);
        Assert.Equal(unknown.RiskScore - 30, trusted.RiskScore);
        Assert.Equal("recognised as trusted (a person seen 4 times)", Assert.Single(trusted.RiskFactors, f => f.Factor == "trusted_entity").Description);
        Assert.Equal(unknown.RiskScore + 25, untrusted.RiskScore);
        Assert.Equal(unknown.RiskScore + 5, stranger.RiskScore);
        Assert.Contains("vehicle D01113", Assert.Single(knownCar.RiskFactors, f => f.Factor == "trusted_entity").Description);
    }
}
