using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Inference.Handlers;
using Hsi.Api.Features.Operations;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Alerts;

/// <summary>Rules written over HTTP, events assessed in the store, and the alerts the pipeline raises for them.</summary>
public static class AlertScenarios
{
    public static async Task<Guid> RuleAsync(this IAlbaHost host, object body) =>
        (await host.SendAsync(HttpMethod.Post, "/api/alerts/rules", body, 201))["id"]!.GetValue<Guid>();

    /// <summary>An event assessed now (the trigger skips decisions a day old), as the risk handler records it; the subscription takes it from there.</summary>
    public static Task AssessedNowAsync(this IDocumentStore store, long id, int score, string cameraId = "porch", string objectType = "person") =>
        store.AssessedEventsAsync([new AssessedEvent(id, cameraId, DateTimeOffset.UtcNow.AddSeconds(-31), score, objectType)]);

    /// <summary>
    /// Waits until the handler has evaluated each event (it logs one line per evaluation) and its
    /// transaction has committed (the durable inbox marks the message handled in that transaction).
    /// </summary>
    public static async Task WaitForEvaluationAsync(this HostFixture app, params long[] eventIds)
    {
        await Eventually.GetAsync(() => Task.FromResult(app.Logs.Entries
                .Where(e => e.Category == typeof(RaiseAlertsHandler).FullName).Select(e => e.Message).ToList()),
            messages => eventIds.All(id => messages.Any(m => m.StartsWith($"Event {id}: ", StringComparison.Ordinal))),
            what: $"the rules' evaluation of events {string.Join(", ", eventIds)}");
        var depths = app.Host.Services.GetRequiredService<QueueDepths>();
        await Eventually.GetAsync(() => depths.InboxAsync(CancellationToken.None), d => d.All(q => q.Status != "incoming"), what: "an empty inbox");
    }

    public static async Task<JsonArray> AlertsAsync(this IAlbaHost host, string query = "") =>
        (await host.GetJsonAsync($"/api/alerts?limit=1000{query}"))["items"]!.AsArray();

    public static Task<JsonArray> WaitForAlertsAsync(this IAlbaHost host, int count, string query = "") =>
        Eventually.GetAsync(() => host.AlertsAsync(query), items => items.Count >= count, what: $"{count} alerts");
}
