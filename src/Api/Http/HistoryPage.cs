using FluentValidation;

namespace Hsi.Api.Http;

/// <summary>The paging of a history list: offset and limit, as every list has them.</summary>
public class HistoryPage
{
    public const int DefaultLimit = 100;

    /// <summary>Entries per page, 1–1000 (100).</summary>
    [QueryParam] public int Limit { get; set; } = DefaultLimit;

    /// <summary>Entries to skip, 0 or more.</summary>
    [QueryParam] public int Offset { get; set; }
}

/// <summary>The same bounds as every other list: a limit of 1–1000 and no negative offset, else 422.</summary>
public class HistoryPageValidator<T> : Validator<T> where T : HistoryPage
{
    public HistoryPageValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}
