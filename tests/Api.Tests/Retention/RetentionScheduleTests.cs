using Hsi.Api.Features.Retention;

namespace Hsi.Api.Tests.Retention;

public class RetentionScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    // Before 03:00 local: today; at or after: tomorrow. Berlin is UTC+1 in winter, +2 in summer.
    [InlineData("2026-01-10T01:00:00Z", "2026-01-10T02:00:00Z")]
    [InlineData("2026-01-10T02:00:00Z", "2026-01-11T02:00:00Z")]
    [InlineData("2026-07-10T00:59:00Z", "2026-07-10T01:00:00Z")]
    // 2026-03-29: clocks jump from 02:00 to 03:00, so 03:00 CEST (01:00 UTC) exists.
    [InlineData("2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z")]
    // 2026-10-25: 03:00 comes once more; 03:00 CET is 02:00 UTC.
    [InlineData("2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z")]
    public void The_next_run_is_the_next_03_00_in_the_configured_zone(string now, string expected)
    {
        var next = RetentionSchedule.NextRun(DateTimeOffset.Parse(now), Berlin);
        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void In_utc_it_is_03_00_utc()
    {
        var next = RetentionSchedule.NextRun(DateTimeOffset.Parse("2026-05-01T12:00:00Z"), TimeZoneInfo.Utc);
        Assert.Equal(DateTimeOffset.Parse("2026-05-02T03:00:00Z"), next);
    }
}
