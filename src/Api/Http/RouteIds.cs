namespace Hsi.Api.Http;

// Requests that carry only the id in the route. FastEndpoints binds a route parameter by the
// property's name, so the name is the parameter's: {id} for cameras, {detection_id} for detections, {event_id} for events (CONTRACT.md).

/// <summary>A camera addressed by its slug id: <c>/api/cameras/{id}</c>.</summary>
public sealed class CameraIdRequest
{
    public string Id { get; set; } = "";
}

/// <summary>A detection addressed by its id: <c>/api/detections/{detection_id}</c>.</summary>
public sealed class DetectionIdRequest
{
    public long DetectionId { get; set; }
}

/// <summary>
/// A security event addressed by its id: <c>…/{event_id}</c>. Not sealed: each use case derives its
/// own <c>Request</c> from it, which keeps the use case's schema name in the OpenAPI document.
/// </summary>
public class EventIdRequest
{
    public long EventId { get; set; }
}
