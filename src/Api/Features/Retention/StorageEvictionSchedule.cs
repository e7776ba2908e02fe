namespace Hsi.Api.Features.Retention;

/// <summary>Checks storage every STORAGE_CHECK_INTERVAL_SECONDS and after each retention run; one node of a cluster runs it (SingularWork).</summary>
public sealed class StorageEvictionSchedule(StorageEviction eviction, ILogger<StorageEvictionSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be over: the next pass follows at once.
                while ((await eviction.RunPassAsync(stoppingToken)).Evicted == StorageEviction.BatchSize) { }
                await eviction.WaitForNextCheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed check is reported; the next one covers what it missed.
                logger.LogError(ex, "Storage eviction check failed");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
