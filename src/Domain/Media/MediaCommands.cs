namespace Hsi.Domain.Media;

/// <summary>A file passed ingest checks and should be recorded and queued for analysis.</summary>
public record AcceptMedia(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    string Sha256, long SizeBytes, DateTimeOffset ReceivedAt, string? RejectionReason);

/// <summary>Record that a file was skipped as a duplicate of <see cref="OriginalMediaId"/>.</summary>
public record RecordDuplicateMedia(Guid MediaId, string CameraId, string FilePath, string Sha256, Guid? OriginalMediaId, DateTimeOffset At);

/// <summary>Run the detector over an accepted file. Durable: survives a crash and may run on another node.</summary>
public record AnalyzeMedia(Guid MediaId);

/// <summary>Where a media stream stands.</summary>
public enum MediaState { Unknown, Received, Analyzed, Rejected, Duplicate }

public static class MediaStream
{
    public static (MediaState State, MediaReceived? Received) Fold(IEnumerable<object> events)
    {
        var state = MediaState.Unknown;
        MediaReceived? received = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case MediaReceived r: received = r; state = MediaState.Received; break;
                case MediaAnalyzed: state = MediaState.Analyzed; break;
                case MediaRejected: state = MediaState.Rejected; break;
                case DuplicateMediaSkipped: state = MediaState.Duplicate; break;
            }
        }
        return (state, received);
    }
}
