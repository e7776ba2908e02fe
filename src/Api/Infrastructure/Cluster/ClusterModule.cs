namespace Hsi.Api.Infrastructure.Cluster;

/// <summary>What every node of a cluster shares about itself: its reports in Redis, read by the cluster, GPU and /ws/system views.</summary>
public static class ClusterModule
{
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton<NodeReports>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeReports>());
        if (settings.Role.IsClustered()) builder.Services.AddHostedService<QueueInboxRecovery>();
        return builder;
    }
}
