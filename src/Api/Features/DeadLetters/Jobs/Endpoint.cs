using FluentValidation;

namespace Hsi.Api.Features.DeadLetters.Jobs;

public sealed class Request : QueueRequest
{
    /// <summary>How many of the oldest jobs to skip.</summary>
    [QueryParam] public int Start { get; set; }

    /// <summary>1–1000.</summary>
    [QueryParam] public int Limit { get; set; } = 100;
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Start).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
    }
}

public sealed record Response(IReadOnlyList<DeadLetterJob> Items, Pagination Pagination, string QueueName);

public sealed class Endpoint(DeadLetterQueues queues) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/dlq/jobs/{queue_name}");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "The jobs of a dead-letter queue, oldest failure first, without removing them");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await DeadLetterQueues.FindOrRefuseAsync(req.QueueName, HttpContext) is not { } queue) return;
        var (letters, total) = await queues.ListAsync(queue, req.Start + req.Limit, ct);
        var page = letters.Skip(req.Start).Take(req.Limit).Select(l => DeadLetterQueues.ToJob(queue, l)).ToList();
        var pagination = new Pagination(total, req.Limit, req.Start, null, null, req.Start + page.Count < total);
        await Send.OkAsync(new Response(page, pagination, queue.Name), ct);
    }
}
