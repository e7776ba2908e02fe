namespace Hsi.Api.Http;

/// <summary>An inclusive window on a list's timestamp.</summary>
public abstract class DateRangeRequest
{
    /// <summary>Inclusive lower bound on the list's timestamp.</summary>
    [QueryParam] public DateTimeOffset? StartDate { get; set; }

    /// <summary>Inclusive upper bound on the list's timestamp.</summary>
    [QueryParam] public DateTimeOffset? EndDate { get; set; }

    /// <summary>The 400 for a window that ends before it starts, if it does.</summary>
    public string? Inconsistency => StartDate is { } start && EndDate is { } end && start > end
        ? "start_date must not be after end_date"
        : null;
}
