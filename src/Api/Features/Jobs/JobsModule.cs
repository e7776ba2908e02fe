using Hsi.Api.Infrastructure.Cluster;
using Wolverine;
using Wolverine.Postgresql;

namespace Hsi.Api.Features.Jobs;

/// <summary>The jobs runner, its kinds and the job log socket, for Program.cs in two lines.</summary>
public static class JobsModule
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton<JobActivity>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobRunner>());
        // Jobs run on the nodes that serve clients; workers keep their cores for the models.
        if (settings.Role.ServesClients()) builder.Services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        // Rebuilds drive the projection daemon, which workers do not run.
        if (settings.Role.ServesClients()) builder.Services.AddSingleton<IJobKind, ProjectionRebuildJob>();
        builder.Services.AddSingleton<Features.Admin.ProjectionCatalog>();
        return builder;
    }

    public const string Queue = "jobs";

    /// <summary>
    /// <see cref="RunJob"/>: a durable local queue on one node; in a cluster a PostgreSQL queue that only the API nodes
    /// listen to. A node takes JOBS_MAX_CONCURRENT at most; slot locks bound the cluster to as many (JobRunner).
    /// </summary>
    public static void RouteJobs(this WolverineOptions opts, HsiSettings settings)
    {
        if (!settings.Role.IsClustered())
        {
            opts.PublishMessage<RunJob>().ToLocalQueue(Queue).MaximumParallelMessages(settings.JobsMaxConcurrent);
            return;
        }
        opts.PublishMessage<RunJob>().ToPostgresqlQueue(Queue);
        if (settings.Role.ServesClients())
            opts.ListenToPostgresqlQueue(Queue).Polled(settings.JobsMaxConcurrent).MaximumParallelMessages(settings.JobsMaxConcurrent);
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapJobLogs();
        return app;
    }
}
