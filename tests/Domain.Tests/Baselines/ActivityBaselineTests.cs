using Hsi.Domain.Baselines;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Baselines;

public class ActivityBaselineTests
{
    /// <summary>Monday 2026-11-02 00:00 UTC, in hours since the epoch.</summary>
    private static readonly long Monday = DateTimeOffset.Parse("2026-11-02T00:00:00Z").ToUnixTimeSeconds() / 3600;

    [Fact]
    public void Each_cell_holds_the_mean_and_population_deviation_of_its_hours_zeros_included()
    {
        // Three Mondays at 08:00: 1, 2 and 6 detections; the rest of three weeks empty.
        var counts = new[] { new HourClassCount(Monday + 8, "person", 1), new HourClassCount(Monday + 168 + 8, "person", 2), new HourClassCount(Monday + 336 + 8, "car", 6) };
        var b = ActivityBaseline.Of(counts, Monday, Monday + 3 * 168, TimeZoneInfo.Utc);
        Assert.Equal(3, b.Week[8].Samples);
        Assert.Equal(3.0, b.Week[8].Mean, 10);
        Assert.Equal(Math.Sqrt((4 + 1 + 9) / 3.0), b.Week[8].StdDev, 10);
        Assert.Equal((21, 9.0 / 21), (b.Day[8].Samples, b.Day[8].Mean));
        Assert.Equal((0.0, 3), (b.Week[9].Mean, b.Week[9].Samples));
        Assert.Equal((3.0, 2), (b.Classes["person"][8].Sum, b.Classes["person"][8].HoursSeen));
    }

    [Fact]
    public void Hours_are_placed_in_the_cameras_local_week()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // Sunday 20:00 UTC is Monday 05:00 in Tokyo.
        var hour = ActivityBaseline.Observe(Monday - 4, new Dictionary<string, int> { ["dog"] = 1 }, tokyo);
        Assert.Equal((0, 5), (hour.Day, hour.Hour));
    }

    [Fact]
    public void A_count_far_above_its_cell_and_a_class_never_seen_at_the_hour_are_anomalies_only_with_min_samples()
    {
        // Twelve days of 1 or 3 people at 10:00 (mean 2, σ 1), then 20 people at 10:00 and a person at 03:00.
        var counts = Enumerable.Range(0, 12).Select(d => new HourClassCount(Monday + d * 24 + 10, "person", d % 2 == 0 ? 1 : 3)).ToList();
        counts.Add(new HourClassCount(Monday + 12 * 24 + 10, "person", 20));
        counts.Add(new HourClassCount(Monday + 12 * 24 + 3, "person", 1));
        var b = ActivityBaseline.Of(counts, Monday, Monday + 13 * 24, TimeZoneInfo.Utc);
        var spike = ActivityBaseline.ObservedHours(counts, TimeZoneInfo.Utc).Single(h => h.Total == 20);
        var night = ActivityBaseline.ObservedHours(counts, TimeZoneInfo.Utc).Single(h => h.Hour == 3);

        var busy = Assert.Single(b.AnomaliesOf(spike, new AnomalyConfig(2, 10, 30)));
        Assert.Equal((null, 18.0, 2.0, 12), (busy.ObjectType, busy.ZScore, busy.Expected, busy.SampledHours));
        Assert.Equal(Math.Round(18 / 20.0, 4), busy.Score);

        var stranger = b.AnomaliesOf(night, new AnomalyConfig(2, 10, 30)).Single(a => a.ObjectType == "person");
        Assert.Equal((1.0, (double?)null, 12), (stranger.Score, stranger.ZScore, stranger.SampledHours));
        Assert.Equal("person at 03:00, where none was seen in the 12 other 03:00 hours", stranger.Reason);

        Assert.Empty(b.AnomaliesOf(spike, new AnomalyConfig(2, 13, 30)));
        Assert.Empty(b.AnomaliesOf(night, new AnomalyConfig(2, 13, 30)));
    }

    [Fact]
    public void A_class_seen_often_enough_at_the_hour_is_not_an_anomaly_and_rarely_seen_is()
    {
        // 10 hours at 10:00: a dog in 3 of them (p 0.3, √(0.7/0.3) = 1.53 σ), a cat in 1 (p 0.1, 3 σ).
        var counts = new List<HourClassCount>();
        for (var d = 0; d < 10; d++) counts.Add(new HourClassCount(Monday + d * 24 + 10, d < 3 ? "dog" : "person", 1));
        counts.Add(new HourClassCount(Monday + 3 * 24 + 10, "cat", 1));
        // The hour judged comes after the window, so all ten are compared with it.
        var b = ActivityBaseline.Of(counts, Monday, Monday + 10 * 24, TimeZoneInfo.Utc);
        var hour = ActivityBaseline.Observe(Monday + 10 * 24 + 10, new Dictionary<string, int> { ["dog"] = 1, ["cat"] = 1 }, TimeZoneInfo.Utc);
        var classes = b.AnomaliesOf(hour, new AnomalyConfig(2, 10, 30)).Where(a => a.ObjectType is not null).ToList();
        Assert.Equal("cat", Assert.Single(classes).ObjectType);
    }

    [Fact]
    public void The_config_changes_only_the_fields_sent_and_refuses_values_out_of_range()
    {
        var now = DateTimeOffset.Parse("2026-11-02T00:00:00Z");
        var changed = Assert.IsType<AnomalyConfigChanged>(Assert.Single(AnomalyConfigDecisions.Change(new(MinSamples: 5), null, now).Events));
        Assert.Equal(new AnomalyConfig(2.0, 5, 30), changed.Config);
        Assert.Equal(["min_samples"], changed.Changed);
        Assert.Empty(AnomalyConfigDecisions.Change(new(ThresholdStdev: 2.0), null, now).Events);
        foreach (var (cmd, field) in new (ChangeAnomalyConfig, string)[]
                 {
                     (new(ThresholdStdev: double.NaN), "threshold_stdev"), (new(ThresholdStdev: 0), "threshold_stdev"), (new(ThresholdStdev: 11), "threshold_stdev"),
                     (new(MinSamples: 0), "min_samples"), (new(WindowDays: 366), "window_days"),
                 })
            Assert.Equal((ErrorKind.Invalid, field), (AnomalyConfigDecisions.Change(cmd, null, now).Error!.Kind, AnomalyConfigDecisions.Change(cmd, null, now).Error!.Field));
    }
}
