using Hsi.Domain.Cameras;
using Hsi.Inference.Media;

namespace Hsi.Api.Features.Cameras;

/// <summary>Where camera folders live: resolving a requested folder under <c>CAMERA_ROOT</c>.</summary>
public sealed class CameraFolders(HsiSettings settings)
{
    public string Root { get; } = Path.TrimEndingDirectorySeparator(settings.CameraRoot);

    /// <summary>
    /// The absolute folder for a requested one (absolute, or relative to the root), or why it is
    /// not acceptable. Lexical only: symlinks are checked when the folder is read.
    /// </summary>
    public (string? Folder, string? Problem) Resolve(string requested)
    {
        if (CameraRules.FolderProblem(requested) is { } problem) return (null, problem);
        var trimmed = requested.Trim();
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(trimmed) ? trimmed : Path.Combine(Root, trimmed)));
        return IsUnder(full, Root)
            ? (full, null)
            : (null, $"folder_path must resolve to a folder under CAMERA_ROOT ({Root})");
    }

    /// <summary>
    /// Makes sure the camera's folder exists under the root; the problem in words when it cannot
    /// (not creatable, or a link that leads out of CAMERA_ROOT).
    /// </summary>
    public string? Ensure(string folder)
    {
        // Nothing is created through a link that leads out of the root.
        var existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
        if (existing != Root && !StaysUnderRoot(existing)) return "the camera's folder resolves outside CAMERA_ROOT";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the camera's folder cannot be created ({ex.GetType().Name.Replace("Exception", "")})";
        }
        return StaysUnderRoot(folder) ? null : "the camera's folder resolves outside CAMERA_ROOT";
    }

    /// <summary>True when <paramref name="folder"/>, symlinks resolved, is still under the (resolved) root.</summary>
    public bool StaysUnderRoot(string folder) =>
        CameraFileAccess.RealPath(folder) is { } real && IsUnder(real, CameraFileAccess.RealPath(Root) ?? Root);

    private static bool IsUnder(string path, string root) =>
        path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
