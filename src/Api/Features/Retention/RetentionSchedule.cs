namespace Hsi.Api.Features.Retention;

/// <summary>Runs the retention cleanup every day at 03:00 in TIMEZONE (SPEC.md §5).</summary>
public sealed class RetentionSchedule(RetentionCleanup cleanup, HsiSettings settings, TimeProvider clock, ILogger<RetentionSchedule> logger)
    : BackgroundService
{
    public static readonly TimeOnly RunAt = new(3, 0);

    /// <summary>
    /// The next 03:00 local time after <paramref name="now"/>. Where 03:00 does not exist that day
    /// (a spring-forward gap), the first moment after the gap.
    /// </summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var candidate = local.Date + RunAt.ToTimeSpan();
        if (candidate <= local.DateTime) candidate = candidate.AddDays(1);
        while (zone.IsInvalidTime(candidate)) candidate = candidate.AddMinutes(1);
        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.Timezone);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow(), zone);
            try
            {
                await Task.Delay(next - clock.GetUtcNow(), clock, stoppingToken);
                await cleanup.RunAsync(dryRun: false, "schedule", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed run is reported; tomorrow's run covers what it missed.
                logger.LogError(ex, "Scheduled retention cleanup failed");
            }
        }
    }
}
