using System.Globalization;
using FluentValidation;
using Hsi.Api.Features.Cameras;
using Hsi.Projections.Scenes;

namespace Hsi.Api.Features.SceneChanges.List;

public sealed class Request : CameraSceneChangesRequest
{
    /// <summary>Only acknowledged (true) or unacknowledged (false) changes.</summary>
    [QueryParam] public bool? Acknowledged { get; set; }

    /// <summary>Changes per page, 1–100 (50).</summary>
    [QueryParam] public int Limit { get; set; } = 50;

    /// <summary>next_cursor of the previous page, or (as the seed has it) an ISO date-time: changes detected before it.</summary>
    [QueryParam] public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 100);
        RuleFor(r => r.Cursor).Must(c => c is null || ListPosition.TryParse(c, out _)).WithMessage("cursor must be a next_cursor this API returned, or an ISO 8601 date-time");
    }
}

/// <summary>
/// A page's start: after our own keyset cursor (id and detected_at of the last change listed), or
/// before a bare ISO date-time, the seed's cursor.
/// </summary>
internal sealed record ListPosition(Cursor? After, DateTimeOffset? Before)
{
    public static bool TryParse(string text, out ListPosition position)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before))
        {
            position = new ListPosition(null, before.ToUniversalTime());
            return true;
        }
        position = new ListPosition(null, null);
        if (!Http.Cursor.TryDecode(text, out var cursor, out _)) return false;
        position = new ListPosition(cursor, null);
        return true;
    }
}

/// <summary>The seed's list fields (camera_id, total_changes = this page's size, next_cursor, has_more) alongside the <c>{items, pagination}</c> every list has.</summary>
public sealed record SceneChangeList(
    IReadOnlyList<SceneChangeResponse> Items, Pagination Pagination, string CameraId, int TotalChanges, string? NextCursor, bool HasMore);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, SceneChangeList>
{
    private static readonly NewestFirst<SceneChangeView> Order = new(v => v.DetectedAt, v => v.Id);

    public override void Configure()
    {
        Get("/api/cameras/{camera_id}/scene-changes");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "A camera's scene changes (tamper detection), newest first, with cursor pagination");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        var filtered = session.Query<SceneChangeView>().Where(v => v.CameraId == req.CameraId);
        if (req.Acknowledged is { } acknowledged) filtered = filtered.Where(v => v.Acknowledged == acknowledged);
        var position = req.Cursor is { } text && ListPosition.TryParse(text, out var p) ? p : new ListPosition(null, null);
        var page = position.Before is { } before ? filtered.Where(v => v.DetectedAt < before) : filtered;
        var rows = await Order.After(page, position.After).Take(req.Limit + 1).ToListAsync(ct);
        var total = await filtered.CountAsync(ct);

        var hasMore = rows.Count > req.Limit;
        var items = rows.Take(req.Limit).Select(SceneChangeResponse.From).ToList();
        var next = hasMore ? items[^1].Position.Encode() : null;
        await Send.OkAsync(new SceneChangeList(items, new Pagination(total, req.Limit, 0, req.Cursor, next, hasMore),
            req.CameraId, items.Count, next, hasMore), ct);
    }
}
