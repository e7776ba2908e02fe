namespace Hsi.Api.Http.RateLimiting;

/// <summary>
/// One tier of SPEC.md §5: <see cref="PerMinute"/> requests in any 60 s, plus <see cref="Burst"/>
/// more, so a client is refused at request <c>PerMinute + Burst + 1</c> within a minute.
/// </summary>
public sealed record RateLimitTier(string Name, int PerMinute, int Burst)
{
    public const string Default = "default";
    public const string Media = "media";
    public const string Search = "search";
    public const string Export = "export";
    public const string WebSocket = "websocket";
    public const string FrontendLogs = "frontend_logs";

    /// <summary>The SPEC's defaults, overridden by <c>RATE_LIMIT_&lt;TIER&gt;</c> and <c>RATE_LIMIT_&lt;TIER&gt;_BURST</c>.</summary>
    public static readonly IReadOnlyList<RateLimitTier> Defaults =
    [
        new(Default, 60, 10), new(Media, 120, 20), new(Search, 30, 5), new(Export, 10, 0), new(WebSocket, 10, 2),
        new(FrontendLogs, 30, 10),
    ];

    /// <summary>Requests allowed in any 60 s window.</summary>
    public int Allowed => PerMinute + Burst;
}
