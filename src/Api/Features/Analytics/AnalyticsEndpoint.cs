namespace Hsi.Api.Features.Analytics;

/// <summary>
/// What every analytics endpoint does around its aggregate: the 400 for a range that ends before it
/// starts, the day window in each camera's time zone, and the errors the OpenAPI lists. An endpoint
/// names its route and answers with its aggregate over the window.
/// </summary>
public abstract class AnalyticsEndpoint<TRequest, TResponse>(IQuerySession session, HsiSettings settings) : Endpoint<TRequest, TResponse>
    where TRequest : AnalyticsRequest, new()
    where TResponse : notnull
{
    protected IQuerySession Session { get; } = session;

    protected void Route(string path, string summary)
    {
        Get(path);
        Description(b => b.Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = summary);
    }

    public sealed override async Task HandleAsync(TRequest req, CancellationToken ct)
    {
        if (req.Inconsistency is { } inconsistency)
        {
            await HttpContext.SendDetail(400, inconsistency);
            return;
        }
        var window = await AnalyticsWindow.ForAsync(Session, settings, req.StartDate!.Value, req.EndDate!.Value, ct);
        await Send.OkAsync(await AnswerAsync(req, window, ct), ct);
    }

    protected abstract Task<TResponse> AnswerAsync(TRequest req, AnalyticsWindow window, CancellationToken ct);
}
