namespace Hsi.Api.Infrastructure.Workers;

/// <summary>A background worker of this node that <see cref="WorkerSupervisor"/> reports on, restarts on request, and restarts when it crashes.</summary>
public interface ISupervisedWorker
{
    /// <summary>Its name in <c>/api/system/supervisor</c>: letters, digits and <c>_</c>.</summary>
    string Name { get; }

    /// <summary>Automatic restarts in a row after crashes before the supervisor gives up (<c>failed</c>).</summary>
    int MaxRestarts { get; }

    /// <summary>Its current run on this node (its ExecuteAsync); null while it does not run here.</summary>
    Task? Run { get; }

    DateTimeOffset? StartedAt { get; }

    Task StartAsync(CancellationToken ct);

    Task StopAsync(CancellationToken ct);
}

/// <summary>
/// A background service the supervisor owns instead of the host: a fresh instance at each start, so a restart
/// begins clean, and a crash of its ExecuteAsync is the supervisor's to handle (the host would stop the process).
/// </summary>
public sealed class SupervisedService<T>(IServiceProvider services, TimeProvider clock, string name, int maxRestarts)
    : ISupervisedWorker, IHostedService where T : BackgroundService
{
    private T? _current;

    public string Name => name;
    public int MaxRestarts => maxRestarts;
    public Task? Run => _current?.ExecuteTask;
    public DateTimeOffset? StartedAt { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        if (_current is not null) return;
        var service = ActivatorUtilities.CreateInstance<T>(services);
        _current = service;
        StartedAt = clock.GetUtcNow();
        try
        {
            await service.StartAsync(ct);
        }
        catch (Exception) when (service.ExecuteTask is { IsFaulted: true })
        {
            // Its run threw before its first await: a crash like any other, for the supervisor to restart.
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_current is not { } service) return;
        _current = null;
        await service.StopAsync(ct);
        service.Dispose();
    }
}

public static class SupervisedWorkers
{
    public const int DefaultMaxRestarts = 5;

    /// <summary>Runs <typeparamref name="T"/> under the supervisor, started and stopped with the host at this point of the registrations.</summary>
    public static IServiceCollection AddSupervisedWorker<T>(this IServiceCollection services, string name, int maxRestarts = DefaultMaxRestarts)
        where T : BackgroundService
    {
        services.AddSingleton(sp => new SupervisedService<T>(sp, sp.GetRequiredService<TimeProvider>(), name, maxRestarts));
        services.AddSingleton<ISupervisedWorker>(sp => sp.GetRequiredService<SupervisedService<T>>());
        services.AddHostedService(sp => sp.GetRequiredService<SupervisedService<T>>());
        return services;
    }
}
