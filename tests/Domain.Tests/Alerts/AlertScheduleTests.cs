using Hsi.Domain.Alerts;

namespace Hsi.Domain.Tests.Alerts;

public class AlertScheduleTests
{
    private static AlertSchedule Schedule(string start, string end, string timezone = "UTC", params string[] days) =>
        new(days, WeekDays.ParseTime(start), WeekDays.ParseTime(end), timezone);

    // 2026-12-04 is a Friday.
    [Theory]
    [InlineData("2026-12-04T22:30:00Z", true)]   // Friday evening, after the start
    [InlineData("2026-12-05T03:00:00Z", true)]   // Saturday morning: Friday's window, across midnight
    [InlineData("2026-12-05T06:00:00Z", false)]  // the end is not in the window
    [InlineData("2026-12-05T22:30:00Z", false)]  // Saturday evening: Saturday is not a day of the rule
    [InlineData("2026-12-04T03:00:00Z", false)]  // Friday morning belongs to Thursday's window
    [InlineData("2026-12-04T12:00:00Z", false)]  // Friday midday, outside the window
    public void A_window_crossing_midnight_belongs_to_the_day_it_starts_on(string at, bool active) =>
        Assert.Equal(active, AlertMatching.IsActive(Schedule("22:00", "06:00", "UTC", "friday"), DateTimeOffset.Parse(at)));

    [Fact]
    public void The_window_is_counted_in_the_rules_time_zone()
    {
        var berlinNights = Schedule("22:00", "06:00", "Europe/Berlin");
        Assert.True(AlertMatching.IsActive(berlinNights, DateTimeOffset.Parse("2026-12-04T21:30:00Z")));  // 22:30 in Berlin
        Assert.False(AlertMatching.IsActive(berlinNights, DateTimeOffset.Parse("2026-12-04T20:30:00Z"))); // 21:30 in Berlin
        Assert.True(AlertMatching.IsActive(berlinNights, DateTimeOffset.Parse("2026-12-05T04:30:00Z")));  // 05:30 in Berlin
    }

    [Fact]
    public void A_window_within_a_day_and_no_days_means_every_day()
    {
        var office = Schedule("09:00", "17:00");
        Assert.True(AlertMatching.IsActive(office, DateTimeOffset.Parse("2026-12-06T09:00:00Z")));
        Assert.False(AlertMatching.IsActive(office, DateTimeOffset.Parse("2026-12-06T17:00:00Z")));
        Assert.False(AlertMatching.IsActive(office, DateTimeOffset.Parse("2026-12-06T08:59:59Z")));
    }

    [Theory]
    [InlineData("monday", "monday")]
    [InlineData("Mon", "monday")]
    [InlineData("SUN", "sunday")]
    [InlineData(" thursday ", "thursday")]
    [InlineData("mo", null)]
    [InlineData("funday", null)]
    [InlineData("mond", null)]
    public void Days_are_full_or_three_letter_names_in_any_case(string name, string? day) => Assert.Equal(day, WeekDays.Parse(name));

    [Theory]
    [InlineData("25:00")]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("7pm")]
    [InlineData("")]
    public void A_time_that_is_no_clock_time_is_refused(string text) => Assert.Null(WeekDays.ParseTime(text));
}
