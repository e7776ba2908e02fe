using Alba;
using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Marten;

namespace Hsi.Api.Tests.Cameras;

/// <summary>Cameras as a test starts from them.</summary>
public static class CameraScenarios
{
    /// <summary>Registered over HTTP, as a user would (its id is the folder's).</summary>
    public static async Task<CameraBody> RegisteredCameraAsync(this IAlbaHost host, string name = "Porch", string folder = "porch") =>
        (await host.SendAsync(HttpMethod.Post, "/api/cameras", new { name, folder_path = folder }, 201)).As<CameraBody>();

    /// <summary>Written straight to the event store, with a time zone the API does not set on create.</summary>
    public static async Task RegisteredCameraAsync(this IDocumentStore store, string id, string name, string? timezone)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(StreamKeys.Camera(id), new CameraRegistered(id, name, id, CameraStatus.Online, timezone, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }
}

/// <summary>A camera as the API shows it, the fields the tests read.</summary>
public sealed record CameraBody(string Id, string Name, string FolderPath, string Status, string? LastSeenAt, long Version);
