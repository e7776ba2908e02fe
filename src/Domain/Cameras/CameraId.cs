using System.Text.RegularExpressions;

namespace Hsi.Domain.Cameras;

/// <summary>The folder-name → camera id rule of SPEC.md §1 Camera.</summary>
public static partial class CameraId
{
    public const string Reserved = "deleted";

    /// <summary><c>/cams/Front Door</c> → <c>front_door</c>. Empty when nothing usable is left.</summary>
    public static string FromFolder(string folderPath)
    {
        var trimmed = folderPath.Trim().TrimEnd('/', '\\');
        var last = trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
        var id = SpacesAndHyphens().Replace(last.Trim().ToLowerInvariant(), "_");
        id = NonWord().Replace(id, "");
        id = Underscores().Replace(id, "_");
        return id.Trim('_');
    }

    [GeneratedRegex(@"[\s\-]+")]
    private static partial Regex SpacesAndHyphens();

    [GeneratedRegex(@"[^\w]", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();

    [GeneratedRegex("_{2,}")]
    private static partial Regex Underscores();
}

/// <summary>Shape rules for names and folders (SPEC.md §1 Camera) that need no other state.</summary>
public static class CameraRules
{
    public const int MaxNameLength = 255;
    public const int MaxFolderLength = 500;
    /// <summary>Linux's NAME_MAX: a longer folder name can never be created.</summary>
    public const int MaxFolderSegmentBytes = 255;
    private static readonly char[] ForbiddenFolderChars = ['<', '>', ':', '"', '|', '?', '*'];

    public static string? NameProblem(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) return "name must not be empty";
        if (trimmed.Length > MaxNameLength) return $"name must be at most {MaxNameLength} characters";
        if (trimmed.Any(char.IsControl)) return "name must not contain control characters";
        return null;
    }

    public static string? FolderProblem(string folder)
    {
        if (folder.Trim().Length == 0) return "folder_path must not be empty";
        if (folder.Length > MaxFolderLength) return $"folder_path must be at most {MaxFolderLength} characters";
        if (folder.Any(char.IsControl)) return "folder_path must not contain control characters";
        if (folder.IndexOfAny(ForbiddenFolderChars) >= 0) return "folder_path must not contain any of < > : \" | ? *";
        var segments = folder.Split('/', '\\');
        if (segments.Any(s => s == "..")) return "folder_path must not contain '..'";
        if (segments.Any(s => System.Text.Encoding.UTF8.GetByteCount(s) > MaxFolderSegmentBytes))
            return $"each folder name in folder_path must be at most {MaxFolderSegmentBytes} bytes";
        return null;
    }

    public static string? TimezoneProblem(string? timezone) =>
        timezone is null || TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _)
            ? null
            : $"timezone '{timezone}' is not a known IANA time zone";
}
