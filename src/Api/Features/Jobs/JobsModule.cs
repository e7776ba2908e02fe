namespace Hsi.Api.Features.Jobs;

/// <summary>The jobs runner, its kinds and the job log socket, for Program.cs in two lines.</summary>
public static class JobsModule
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobActivity>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobRunner>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        builder.Services.AddSingleton<IJobKind, ProjectionRebuildJob>();
        builder.Services.AddSingleton<Features.Admin.ProjectionCatalog>();
        return builder;
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapJobLogs();
        return app;
    }
}
