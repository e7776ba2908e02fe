namespace Hsi.Domain.Media;

/// <summary>The file kinds the ingest accepts (SPEC.md §2), by extension.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, (MediaType Type, string Mime)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = (MediaType.Image, "image/jpeg"),
        [".jpeg"] = (MediaType.Image, "image/jpeg"),
        [".png"] = (MediaType.Image, "image/png"),
        [".mp4"] = (MediaType.Video, "video/mp4"),
        [".mkv"] = (MediaType.Video, "video/x-matroska"),
        [".avi"] = (MediaType.Video, "video/x-msvideo"),
        [".mov"] = (MediaType.Video, "video/quicktime"),
        [".webm"] = (MediaType.Video, "video/webm"),
    };

    public static bool TryClassify(string path, out MediaType type, out string mime)
    {
        if (Known.TryGetValue(Path.GetExtension(path), out var known))
        {
            (type, mime) = known;
            return true;
        }
        (type, mime) = (MediaType.Image, "application/octet-stream");
        return false;
    }
}
