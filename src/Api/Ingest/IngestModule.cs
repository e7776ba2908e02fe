using Hsi.Api.Features.Detections;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Infrastructure.Workers;
using Hsi.Inference.Media;

namespace Hsi.Api.Ingest;

/// <summary>Files into the pipeline: the folder watcher, uploads' acceptance, dedup, and reading files under CAMERA_ROOT safely.</summary>
public static class IngestModule
{
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton(new CameraFileAccess(settings.CameraRoot, settings.MaxMediaBytes));
        builder.Services.AddSingleton<MediaFiles>();
        builder.Services.AddSingleton<MediaDeduplicator>();
        builder.Services.AddSingleton<MediaIngest>();
        builder.Services.AddSingleton<MediaAcceptance>();
        builder.Services.AddSingleton<CameraResolver>();
        // One node of the cluster watches the folders; Wolverine's leader picks it (SingularWork).
        builder.Services.AddSingleton(sp => new SingularService<CameraFolderWatcher>(sp, SingularWork.FolderWatcher));
        if (settings.Role.ServesClients())
            builder.Services.AddSingleton<ISupervisedWorker>(sp => sp.GetRequiredService<SingularService<CameraFolderWatcher>>());
        return builder;
    }
}
