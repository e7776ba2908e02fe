using Hsi.Api.Features.Cameras;
using Hsi.Domain.Cameras;
using Hsi.Projections.Cameras;
using Hsi.Api.Infrastructure;

namespace Hsi.Api.Ingest;

/// <summary>
/// Which camera a file belongs to: the camera whose folder holds it, else the camera of its
/// first-level folder under CAMERA_ROOT, registered on first sight with the folder name as name.
/// </summary>
public sealed class CameraResolver(IDocumentStore store, CameraWrites cameras, CameraFolders folders, TimeProvider clock, ILogger<CameraResolver> logger)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    // Files of one new folder arrive together: registering one at a time keeps it to one camera.
    private readonly SemaphoreSlim _registering = new(1, 1);
    private (IReadOnlyList<CameraView> Cameras, DateTimeOffset LoadedAt) _cache = ([], DateTimeOffset.MinValue);

    /// <summary>The camera id for a file, or null when it belongs to no usable camera (deleted, or outside the root).</summary>
    public async Task<string?> ForFileAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(folders.Root, full);
        if (relative.StartsWith("..") || Path.IsPathRooted(relative)) return null;
        var firstLevel = relative.Split(Path.DirectorySeparatorChar, 2);
        if (firstLevel.Length < 2) return null; // a file directly in the root belongs to no camera

        if (OwnerOf(full, await CamerasAsync(fresh: false, ct)) is { } cached) return cached.DeletedAt is null ? cached.Id : null;
        if (OwnerOf(full, await CamerasAsync(fresh: true, ct)) is { } owner) return owner.DeletedAt is null ? owner.Id : null;
        return await RegisterFolderAsync(Path.Combine(folders.Root, firstLevel[0]), ct);
    }

    /// <summary>Registers a first-level folder as a camera unless one already holds it.</summary>
    public async Task<string?> RegisterFolderAsync(string folder, CancellationToken ct)
    {
        await _registering.WaitAsync(ct);
        try
        {
            if ((await CamerasAsync(fresh: true, ct)).FirstOrDefault(c => c.FolderPath == folder) is { } existing)
                return existing.DeletedAt is null ? existing.Id : null;

            var (cameraId, outcome) = await cameras.RegisterAsync(new RegisterCamera(Path.GetFileName(folder), folder, null, null), ct);
            _cache = ([], DateTimeOffset.MinValue);
            if (outcome.Error is { } error)
            {
                logger.LogWarning("Folder {Folder} was not registered as a camera: {Reason}", folder, error.Message);
                return null;
            }
            logger.LogInformation("Registered camera {CameraId} for new folder {Folder}", cameraId, folder);
            return cameraId;
        }
        finally
        {
            _registering.Release();
        }
    }

    private static CameraView? OwnerOf(string file, IReadOnlyList<CameraView> cameras) =>
        cameras.Where(c => file.StartsWith(c.FolderPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .MaxBy(c => c.FolderPath.Length);

    private async Task<IReadOnlyList<CameraView>> CamerasAsync(bool fresh, CancellationToken ct)
    {
        var cache = _cache;
        if (!fresh && clock.GetUtcNow() - cache.LoadedAt < CacheFor) return cache.Cameras;
        await using var session = store.QuerySession();
        var cameras = await session.Query<CameraView>().ToListAsync(ct);
        _cache = (cameras, clock.GetUtcNow());
        return cameras;
    }
}
