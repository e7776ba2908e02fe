using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Webhooks;

public class AlertWebhookTests(AppFixture app) : ApiTest(app)
{
    internal static object Payload(string alertName, string status = "firing") => new
    {
        version = "4",
        groupKey = "{}:{alertname=\"" + alertName + "\"}",
        truncatedAlerts = 0,
        status,
        receiver = "hsi-api",
        groupLabels = new { alertname = alertName },
        commonLabels = new { alertname = alertName, severity = "warning" },
        commonAnnotations = new { summary = "Queue backlog" },
        externalURL = "http://alertmanager:9093",
        alerts = new[]
        {
            new
            {
                status,
                labels = new Dictionary<string, string> { ["alertname"] = alertName, ["severity"] = "warning", ["queue"] = "analysis" },
                annotations = new Dictionary<string, string> { ["summary"] = "Queue analysis has a backlog" },
                startsAt = "2026-11-27T07:00:00Z",
                endsAt = "0001-01-01T00:00:00Z",
                generatorURL = "http://prometheus:9090/graph",
                fingerprint = "c0ffee",
            },
        },
    };

    [Fact]
    public async Task An_alert_is_acknowledged_and_pushed_to_event_clients_as_infrastructure_alert()
    {
        using var socket = await Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);

        var result = await Host.Scenario(s => { s.Post.Json(Payload("HsiQueueBacklog")).ToUrl("/api/webhooks/alerts"); s.StatusCodeShouldBe(200); });
        var body = await result.JsonAsync();
        Assert.Equal(("ok", 1, 1), (body.Str("status"), body["received"]!.GetValue<int>(), body["processed"]!.GetValue<int>()));
        Assert.False(string.IsNullOrEmpty(body.Str("message")));

        JsonNode message;
        do message = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        while (message.Str("type") != "infrastructure_alert");
        var data = message["data"]!;
        Assert.Equal(("HsiQueueBacklog", "firing", "warning"), (data.Str("alertname"), data.Str("status"), data.Str("severity")));
        Assert.Equal("Queue analysis has a backlog", data.Str("summary"));
        Assert.Equal("analysis", data["labels"]!.Str("queue"));
        Assert.Null(data["ends_at"]);
        Assert.Equal("c0ffee", data.Str("fingerprint"));
    }

    [Theory]
    [InlineData("""{"status":"firing","receiver":"r","alerts":[]}""", "groupKey")]
    [InlineData("""{"groupKey":"g","status":"burning","receiver":"r","alerts":[]}""", "status")]
    [InlineData("""{"groupKey":"g","status":"firing","receiver":"r"}""", "alerts")]
    [InlineData("""{"groupKey":"g","status":"firing","receiver":"r","alerts":[{"status":"firing","labels":{}}]}""", "startsAt")]
    [InlineData("""{"groupKey":"g","status":"firing","receiver":"r","alerts":"nope"}""", "alerts")]
    [InlineData("""[1,2]""", null)]
    public async Task A_bad_payload_is_422_in_the_validation_shape(string json, string? field)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Text(json).ToUrl("/api/webhooks/alerts");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(422);
        });
        var detail = (await result.JsonAsync())["detail"]!.AsArray();
        Assert.NotEmpty(detail);
        if (field is not null) Assert.Contains(detail, d => d!["loc"]!.ToJsonString().Contains(field, StringComparison.OrdinalIgnoreCase)
            || d!["loc"]!.ToJsonString().Contains(ToSnake(field)));
    }

    private static string ToSnake(string name) => global::System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
