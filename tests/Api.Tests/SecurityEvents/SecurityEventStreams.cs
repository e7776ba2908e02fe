using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Alba;

namespace Hsi.Api.Tests.SecurityEvents;

/// <summary>Security event streams written straight to the event store, as batching would write them, and read back.</summary>
internal static class SecurityEventStreams
{
    public static async Task RegisterCameraAsync(this IDocumentStore store, string id, string name, string? timezone)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(StreamKeys.Camera(id), new CameraRegistered(id, name, id, CameraStatus.Online, timezone, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    /// <summary>A batch that opened at <paramref name="at"/>, saw these objects then, and closed.</summary>
    public static async Task StartClosedEventAsync(this IDocumentStore store, long id, string cameraId, DateTimeOffset at, params string[] objectTypes)
    {
        var media = Guid.CreateVersion7();
        var detections = objectTypes.Select((type, i) => new BatchedDetection(id * 100 + i, media, type, 0.92, 10, 20, 30, 60, at)).ToList();
        await using var session = store.LightweightSession();
        session.Events.StartStream(StreamKeys.SecurityEvent(id),
            new BatchOpened(id, BatchingDecisions.BatchIdOf(id), cameraId, false, at),
            new DetectionsAttached(id, media, detections, at),
            new BatchClosed(id, CloseReason.Idle, at.AddSeconds(30)));
        await session.SaveChangesAsync();
    }

    public static async Task<IReadOnlyList<RiskAssessed>> AssessmentsAsync(this IDocumentStore store, long id)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id));
        return events.Select(e => e.Data).OfType<RiskAssessed>().ToList();
    }

    public static async Task<long> DeadLetteredAssessmentsAsync(this IAlbaHost host)
    {
        await using var cmd = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(*) from hsi_messages.wolverine_dead_letters where message_type like '%AssessRisk%'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
