using FluentValidation;

namespace Hsi.Api.Features.Analytics;

/// <summary>The day range every analytics endpoint takes: ISO dates, both inclusive, both required.</summary>
public class AnalyticsRequest
{
    /// <summary>The longest range one request may cover (a leap year): an aggregate's cost stays bounded.</summary>
    public const int MaxDays = 366;

    /// <summary>First day (inclusive), ISO 8601 date.</summary>
    [QueryParam] public DateOnly? StartDate { get; set; }

    /// <summary>Last day (inclusive), ISO 8601 date.</summary>
    [QueryParam] public DateOnly? EndDate { get; set; }

    /// <summary>The 400 for a range that ends before it starts (as the seed answers), if it does.</summary>
    public string? Inconsistency => StartDate > EndDate ? "start_date must not be after end_date" : null;
}

public class AnalyticsValidator<T> : Validator<T> where T : AnalyticsRequest
{
    public AnalyticsValidator()
    {
        RuleFor(r => r.StartDate).NotNull().WithMessage("start_date is required (an ISO 8601 date, e.g. 2026-01-01)");
        RuleFor(r => r.EndDate).NotNull().WithMessage("end_date is required (an ISO 8601 date, e.g. 2026-01-31)");
        RuleFor(r => r.EndDate)
            .Must((r, end) => r.StartDate is not { } start || end is not { } last || last.DayNumber - start.DayNumber < AnalyticsRequest.MaxDays)
            .WithMessage($"the range from start_date to end_date must cover at most {AnalyticsRequest.MaxDays} days");
    }
}

public sealed class Validator : AnalyticsValidator<AnalyticsRequest>;
