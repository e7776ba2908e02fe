using Hsi.Inference.Handlers;
using Npgsql;

namespace Hsi.Api.Features.Logs;

/// <summary>
/// Creates the log table at start-up and then, every LOG_DB_TRIM_INTERVAL_SECONDS, trims it to the
/// newest LOG_DB_MAX_ROWS rows and to the log retention in force (LOG_RETENTION_DAYS, changeable
/// through <c>/api/system/config</c>). Every node may trim: a delete that finds nothing to delete is harmless.
/// </summary>
public sealed class LogTableUpkeep(LogTable table, ILiveSettings live, HsiSettings settings, TimeProvider clock, ILogger<LogTableUpkeep> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.EnsureCreatedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.LogDbTrimIntervalSeconds), clock);
        do
        {
            try
            {
                var days = (await live.CurrentAsync(stoppingToken)).LogRetentionDays;
                await table.TrimAsync(settings.LogDbMaxRows, clock.GetUtcNow() - TimeSpan.FromDays(days), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The next round trims what this one could not.
                logger.LogWarning("Log table not trimmed: {Reason}", ex.Message);
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
