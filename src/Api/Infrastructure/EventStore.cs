using Hsi.Api.Configuration;
using Hsi.Projections.Cameras;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;

namespace Hsi.Api.Infrastructure;

public static class EventStore
{
    public const string Schema = "hsi";

    /// <summary>Marten (events + projections in schema <c>hsi</c>) with Wolverine's outbox and durable local queues.</summary>
    public static void AddEventStore(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(settings.NpgsqlConnectionString);
                opts.DatabaseSchemaName = Schema;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);

                opts.Projections.Add<CameraViewProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<CameraView>()
                    .UniqueIndex(UniqueIndexType.Computed, "uq_camera_name", c => c.NameKey)
                    .UniqueIndex(UniqueIndexType.Computed, "uq_camera_folder", c => c.FolderPath);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "hsi_messages");

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
        });
    }
}
