using Hsi.Api.Tests.Cameras;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.SecurityEvents;

/// <summary>AssessRisk with the default, rule-based analyzer.</summary>
public class AssessRiskTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset TwoAm = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_closed_event_is_assessed_once_with_its_level_from_the_calibration_in_force()
    {
        await App.Store.ClosedEventAsync(1, "porch", TwoAm, "person");

        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));

        var assessed = Assert.Single(await App.Store.AssessmentsAsync(1));
        var decision = assessed.Decision;
        Assert.InRange(decision.RiskScore, 0, 100);
        Assert.Equal(RiskLevels.Of(decision.RiskScore, Thresholds.Defaults), decision.RiskLevel);
        Assert.Equal(RiskLevel.High, decision.RiskLevel); // a person at 02:00 (TIMEZONE defaults to UTC)
        Assert.Equal(new CalibrationInForce(0, Thresholds.Defaults), decision.Calibration);
        Assert.Equal(RuleBasedRiskAnalyzer.RulesIdentity, decision.Analyzer);
        Assert.Equal("batch_closed", decision.Trigger);
        Assert.False(decision.Fallback);
        Assert.Contains("\"risk_score\":" + decision.RiskScore, decision.RawOutput);
        Assert.Equal(["person"], decision.Inputs.Detections.Select(d => d.ObjectType));
        Assert.Equal("porch", decision.Inputs.CameraName); // no camera view: its id stands in
    }

    [Fact]
    public async Task A_calibration_change_applies_to_the_next_decision_and_is_recorded_with_it()
    {
        await App.Store.ClosedEventAsync(1, "porch", TwoAm, "person");
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));
        var strict = new Thresholds(10, 20, 30, 0.1);
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Calibration(Hsi.Domain.Calibration.Calibration.DefaultUser), new CalibrationChanged(Hsi.Domain.Calibration.Calibration.DefaultUser, strict, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await App.Store.ClosedEventAsync(2, "porch", TwoAm.AddHours(3), "person");

        await Host.InvokeMessageAndWaitAsync(new AssessRisk(2));

        var before = Assert.Single(await App.Store.AssessmentsAsync(1)).Decision;
        var after = Assert.Single(await App.Store.AssessmentsAsync(2)).Decision;
        Assert.Equal(RiskLevel.High, before.RiskLevel);
        Assert.Equal(RiskLevel.Critical, after.RiskLevel);
        Assert.Equal(RiskLevels.Of(after.RiskScore, strict), after.RiskLevel);
        Assert.Equal(new CalibrationInForce(1, strict), after.Calibration);
    }

    [Fact]
    public async Task The_cameras_name_and_time_zone_and_its_activity_in_the_hour_before_are_the_inputs()
    {
        await App.Store.RegisteredCameraAsync("porch", "Front Porch", "Asia/Tokyo");
        var start = new DateTimeOffset(2025, 3, 10, 14, 30, 0, TimeSpan.Zero); // 23:30 in Tokyo, day in UTC
        await App.Store.ClosedEventAsync(1, "porch", start.AddMinutes(-150), "cat");
        await App.Store.ClosedEventAsync(2, "porch", start.AddMinutes(-40), "cat");
        await App.Store.ClosedEventAsync(3, "porch", start.AddMinutes(-10), "person");
        await App.Store.ClosedEventAsync(4, "garage", start.AddMinutes(-5), "car");
        await App.Store.ClosedEventAsync(5, "porch", start, "person");

        await Host.InvokeMessageAndWaitAsync(new AssessRisk(5));

        var decision = Assert.Single(await App.Store.AssessmentsAsync(5)).Decision;
        Assert.Equal("Front Porch", decision.Inputs.CameraName);
        Assert.Equal("Asia/Tokyo", decision.Inputs.Timezone);
        Assert.Equal(2, decision.Inputs.RecentEventCount);
        Assert.Contains(decision.RiskFactors, f => f.Factor == "night");
        Assert.Contains(decision.RiskFactors, f => f.Factor == "repeated_activity");
        Assert.Equal("Person detected at Front Porch at night", decision.Summary);
    }

    [Fact]
    public async Task An_open_or_unknown_event_records_nothing()
    {
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.SecurityEvent(1), new BatchOpened(1, "batch_1", "porch", false, TwoAm));
            await session.SaveChangesAsync();
        }

        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(404));

        Assert.Empty(await App.Store.AssessmentsAsync(1));
        Assert.Empty(await App.Store.AssessmentsAsync(404));
    }
}
