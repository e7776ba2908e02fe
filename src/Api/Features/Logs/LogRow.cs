namespace Hsi.Api.Features.Logs;

/// <summary>The levels a log line is stored and filtered by (SEED-API.md §7), most verbose first.</summary>
public static class LogLevels
{
    public static readonly IReadOnlyList<string> All = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>The stored name of <paramref name="input"/> in any case, or null when it names no level.</summary>
    public static string? Parse(string? input) =>
        All.FirstOrDefault(l => string.Equals(l, input?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Where a log line came from: the service itself or a browser's report.</summary>
public static class LogSources
{
    public const string Backend = "backend", Frontend = "frontend";
}

/// <summary>
/// One row of the log table. Text columns are cut to their bounds before they are stored, so a
/// row always fits and always reads back (no pattern on <c>camera_id</c> that a stored row could break).
/// </summary>
public sealed record LogRow(
    DateTimeOffset Timestamp, string Level, string Component, string Message, string? CameraId, long? EventId,
    string? RequestId, long? DetectionId, int? DurationMs, string? Extra, string Source, string? UserAgent = null, string? Url = null)
{
    public const int ComponentMax = 200, MessageMax = 5000, CameraIdMax = 64, RequestIdMax = 128, UserAgentMax = 500, UrlMax = 2000;

    /// <summary>The most characters of <c>extra</c>'s JSON stored with a row.</summary>
    public const int ExtraMax = 8 * 1024;

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    public static string? CutOrNull(string? text, int max) => string.IsNullOrEmpty(text) ? null : Cut(text, max);
}

/// <summary>A stored log line as <c>GET /api/logs</c> serves it.</summary>
public sealed record LogEntry(
    long Id, DateTimeOffset Timestamp, string Level, string Component, string Message, string? CameraId, long? EventId,
    string? RequestId, long? DetectionId, int? DurationMs, IReadOnlyDictionary<string, object?>? Extra, string Source, string? UserAgent, string? Url);
