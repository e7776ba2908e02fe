using System.Text.Json;
using Hsi.Api.Infrastructure;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.Update;

public sealed class Request
{
    public long EventId { get; set; }

    /// <summary>
    /// <c>{reviewed?, flagged?, notes?, snooze_until?, version?}</c>: only the keys present apply
    /// (<c>notes: null</c> clears); <c>version</c>, when given, must be the event's current version
    /// (left out, the review applies to whatever is current). Any other key is 422.
    /// </summary>
    [FromBody] public JsonElement Body { get; set; }
}

/// <summary>The review body as documented (the endpoint reads the raw object: only the keys present apply).</summary>
public sealed record EventReviewChange(bool? Reviewed, bool? Flagged, string? Notes, DateTimeOffset? SnoozeUntil, long? Version);

public sealed class Endpoint(EventStreamWriter writer, IQuerySession session, TimeProvider clock) : Endpoint<Request, EventResponse>
{
    public override void Configure()
    {
        Patch("/api/events/{event_id}");
        Description(b => b.WithMetadata(new DocumentedBody(typeof(EventReviewChange))).Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Review an event: reviewed, flagged, notes, snooze_until; a stale version is 409 with current_version");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (review, version, problem) = req.Body.ValueKind == JsonValueKind.Object
            ? Parse(req.EventId, req.Body)
            : (null, null, new DomainError(ErrorKind.Invalid, "the body must be a JSON object", "__root__"));
        if (await HttpContext.SentRefusalAsync(problem) || review is null) return;
        var reviewed = false;
        var outcome = await writer.DecideAsync<SecurityEvent>(StreamKeys.SecurityEvent(req.EventId), state =>
        {
            var decision = SecurityEventDecisions.Review(review, state, clock.GetUtcNow());
            reviewed = decision.Events.OfType<EventReviewed>().Any(e => e.Reviewed);
            return decision;
        }, version, ct);
        if (await HttpContext.SentRefusalAsync(outcome, "Event was modified by another request. Please refresh and retry.")) return;
        if (reviewed) Inference.PipelineMetrics.EventsReviewed.Inc();
        if (await session.LoadResponseOrNotFoundAsync(req.EventId, HttpContext, ct) is { } response) await Send.OkAsync(response, ct);
    }

    /// <summary>The review the body asks for and the version it expects, or the problem with a key of the wrong type.</summary>
    private static (ReviewEvent? Review, long? Version, DomainError? Problem) Parse(long eventId, JsonElement body)
    {
        bool? reviewed = null, flagged = null;
        string? notes = null;
        DateTimeOffset? snooze = null;
        long? version = null;
        var present = new HashSet<string>();
        // A repeated key is read once, the last one winning, as JSON readers commonly do.
        foreach (var property in body.EnumerateObject())
        {
            var (key, value) = (property.Name, property.Value);
            present.Add(key);
            var kind = value.ValueKind;
            switch (key)
            {
                case "reviewed" or "flagged" when kind is JsonValueKind.True or JsonValueKind.False:
                    if (key == "reviewed") reviewed = kind == JsonValueKind.True; else flagged = kind == JsonValueKind.True;
                    break;
                case "reviewed" or "flagged" when kind == JsonValueKind.Null:
                    break;
                case "notes" when kind is JsonValueKind.String or JsonValueKind.Null:
                    notes = kind == JsonValueKind.Null ? null : value.GetString();
                    break;
                case "snooze_until" when kind == JsonValueKind.Null:
                    break;
                case "snooze_until" when kind == JsonValueKind.String && RequestInput.ParseTimestamp(value.GetString()!) is { IsSuccess: true } parsed:
                    snooze = (DateTimeOffset)parsed.Value!;
                    break;
                case "version" when kind == JsonValueKind.Null:
                    break;
                case "version" when kind == JsonValueKind.Number && value.TryGetInt64(out var v) && v >= 0:
                    version = v;
                    break;
                case "reviewed" or "flagged" or "notes" or "snooze_until" or "version":
                    return (null, null, new DomainError(ErrorKind.Invalid, $"{key} has the wrong type", key));
                default:
                    return (null, null, new DomainError(ErrorKind.Invalid, $"{key} is not a field of a review (reviewed, flagged, notes, snooze_until, version)", key));
            }
        }
        return (new ReviewEvent(eventId, reviewed, flagged, present.Contains("notes"), notes, present.Contains("snooze_until"), snooze), version, null);
    }
}
