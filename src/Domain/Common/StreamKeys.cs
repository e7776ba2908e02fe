namespace Hsi.Domain.Common;

/// <summary>String stream keys, prefixed by kind (ARCHITECTURE.md, Streams).</summary>
public static class StreamKeys
{
    public static string Camera(string cameraId) => $"camera:{cameraId}";
    public static string Media(Guid mediaId) => $"media:{mediaId}";
}
