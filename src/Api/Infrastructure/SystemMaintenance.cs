using Hsi.Api.Features.DeadLetters;
using Hsi.Api.Features.Retention;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Features.SystemConfig;
using Hsi.Inference.Handlers;
using Hsi.Projections.SystemConfig;

namespace Hsi.Api.Infrastructure;

/// <summary>Run-time configuration with its history, retention (on demand and daily at 03:00), retention by disk size and the dead-letter queues.</summary>
public static class SystemMaintenance
{
    public static WebApplicationBuilder AddSystemMaintenance(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.ConfigureMarten(opts => opts.AddSystemConfigProjections());
        builder.Services.AddSingleton<LiveSystemConfig>();
        builder.Services.AddSingleton<ILiveSettings>(sp => sp.GetRequiredService<LiveSystemConfig>());
        builder.Services.AddSingleton<RetentionCleanup>();
        // One node of the cluster runs it (SingularWork).
        builder.Services.AddSingleton(sp => new SingularService<RetentionSchedule>(sp, Cluster.SingularWork.Retention));
        builder.Services.AddSingleton<StorageUsage>();
        builder.Services.AddSingleton<StorageEviction>();
        builder.Services.AddSingleton(sp => new SingularService<StorageEvictionSchedule>(sp, Cluster.SingularWork.Storage));
        if (settings.Role.ServesClients())
        {
            builder.Services.AddSingleton<Workers.ISupervisedWorker>(sp => sp.GetRequiredService<SingularService<RetentionSchedule>>());
            builder.Services.AddSingleton<Workers.ISupervisedWorker>(sp => sp.GetRequiredService<SingularService<StorageEvictionSchedule>>());
        }
        builder.Services.AddSingleton<DeadLetterQueues>();
        return builder;
    }
}
