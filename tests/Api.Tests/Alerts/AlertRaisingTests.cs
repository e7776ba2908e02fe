using System.Net.WebSockets;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Alerts;
using Hsi.Inference.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.Alerts;

public class AlertRaisingTests(AppFixture app) : ApiTest(app)
{
    /// <summary>Each test waits on the handler's log of its own evaluations.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Logs.Clear();
    }

    [Fact]
    public async Task Three_matching_events_in_a_row_within_the_cooldown_raise_one_alert()
    {
        var rule = await Host.RuleAsync(new { name = "Person", risk_threshold = 50, object_types = new[] { "person" }, cooldown_seconds = 60, channels = new[] { "webhook" } });
        for (long id = 1; id <= 3; id++)
        {
            await App.Store.AssessedNowAsync(id, 80);
            await App.WaitForEvaluationAsync(id);
        }

        var alert = Assert.Single(await Host.AlertsAsync())!;
        Assert.Equal((1L, rule, "Person", "medium", "pending", $"porch:{rule}"),
            (alert["event_id"]!.GetValue<long>(), alert["rule_id"]!.GetValue<Guid>(), alert.Str("rule_name"), alert.Str("severity"), alert.Str("status"), alert.Str("dedup_key")));
        Assert.Equal(["webhook"], alert["channels"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(alert["suppressed_by"]);
        Assert.Equal(80, alert["metadata"]!["risk_score"]!.GetValue<int>());
        Assert.Equal(alert["id"]!.GetValue<Guid>(), (await Host.GetJsonAsync($"/api/alerts/{alert["id"]}"))["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_same_event_assessed_twice_gives_one_alert_even_with_no_cooldown()
    {
        await Host.RuleAsync(new { name = "Any", cooldown_seconds = 0 });
        await App.Store.AssessedNowAsync(1, 70);
        await App.WaitForEvaluationAsync(1);
        await Host.InvokeMessageAndWaitAsync(new EvaluateAlertRules(1, DateTimeOffset.UtcNow));
        Assert.Single(await Host.AlertsAsync());
    }

    [Fact]
    public async Task Concurrent_evaluations_of_events_with_one_dedup_key_raise_one_alert()
    {
        await Host.RuleAsync(new { name = "Porch", dedup_key_template = "{rule_id}", cooldown_seconds = 600 });
        // Seeded far enough back that the trigger subscription leaves them alone: only the racing messages evaluate them.
        await App.Store.AssessedEventsAsync([.. Enumerable.Range(1, 6).Select(i =>
            new SecurityEvents.AssessedEvent(i, "porch", DateTimeOffset.UtcNow.AddDays(-2), 75))]);
        await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
        {
            using var scope = Host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new EvaluateAlertRules(i, DateTimeOffset.UtcNow));
        }));
        var alert = Assert.Single(await Host.AlertsAsync())!;
        Assert.InRange(alert["event_id"]!.GetValue<long>(), 1, 6);
    }

    [Fact]
    public async Task A_rule_that_does_not_match_or_is_disabled_raises_nothing_and_each_matching_rule_raises_its_own()
    {
        await Host.RuleAsync(new { name = "High", risk_threshold = 90 });
        await Host.RuleAsync(new { name = "Off", enabled = false });
        await Host.RuleAsync(new { name = "Cars", object_types = new[] { "car" } });
        await Host.RuleAsync(new { name = "Porch person", camera_ids = new[] { "porch" }, object_types = new[] { "person" }, severity = "high" });
        await Host.RuleAsync(new { name = "Anything" });
        await App.Store.AssessedNowAsync(1, 70);
        await App.WaitForEvaluationAsync(1);
        Assert.Equal(["Anything", "Porch person"], (await Host.AlertsAsync()).Select(a => a!.Str("rule_name")).Order());
        Assert.Equal(["Porch person"], (await Host.AlertsAsync("&severity=high")).Select(a => a!.Str("rule_name")));
    }

    [Fact]
    public async Task A_reassessment_that_crosses_the_threshold_raises_the_alert_the_first_assessment_did_not()
    {
        await Host.RuleAsync(new { name = "High risk", risk_threshold = 60 });
        await App.Store.AssessedNowAsync(1, 30);
        await App.WaitForEvaluationAsync(1);
        Assert.Empty(await Host.AlertsAsync());

        await using (var session = App.Store.LightweightSession())
        {
            var assessed = (await App.Store.AssessmentsAsync(1)).Single();
            var decision = assessed.Decision with { RiskScore = 85, RiskLevel = Domain.Calibration.RiskLevel.Critical };
            session.Events.Append(Domain.Common.StreamKeys.SecurityEvent(1),
                new Domain.SecurityEvents.RiskReassessed(1, decision, 30, assessed.Decision.RiskLevel, Guid.NewGuid(), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var alert = Assert.Single(await Host.WaitForAlertsAsync(1))!;
        Assert.Equal((85, "critical"), (alert["metadata"]!["risk_score"]!.GetValue<int>(), alert["metadata"]!.Str("risk_level")));
    }

    [Fact]
    public async Task An_alert_publishes_one_durable_delivery_per_channel_in_its_transaction_and_a_suppressed_one_none()
    {
        await Host.RuleAsync(new { name = "Both", cooldown_seconds = 0, channels = new[] { "webhook", "email" } });
        // Two days old: the trigger subscription leaves them alone, so only the messages sent here evaluate them.
        await App.Store.AssessedEventsAsync([new SecurityEvents.AssessedEvent(1, "porch", DateTimeOffset.UtcNow.AddDays(-2), 70),
            new SecurityEvents.AssessedEvent(2, "porch", DateTimeOffset.UtcNow.AddDays(-2), 20)]);

        var tracked = await Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).DoNotAssertOnExceptionsDetected()
            .InvokeMessageAndWaitAsync(new EvaluateAlertRules(1, DateTimeOffset.UtcNow));
        var alert = Assert.Single(await Host.AlertsAsync())!;
        var sent = tracked.Sent.MessagesOf<DeliverAlert>().ToList();
        Assert.Equal(["email", "webhook"], sent.Select(d => d.Channel).Order());
        Assert.All(sent, d => Assert.Equal(alert["id"]!.GetValue<Guid>(), d.AlertId));

        // A low-risk event is outside the default risk filters (critical, high, medium).
        var suppressed = await Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).DoNotAssertOnExceptionsDetected()
            .InvokeMessageAndWaitAsync(new EvaluateAlertRules(2, DateTimeOffset.UtcNow));
        Assert.Empty(suppressed.Sent.MessagesOf<DeliverAlert>());
        Assert.Equal("risk_filter:low", Assert.Single(await Host.AlertsAsync("&event_id=2"))!.Str("suppressed_by"));
    }

    [Fact]
    public async Task Quiet_hours_suppress_delivery_but_keep_the_alert()
    {
        var now = DateTime.UtcNow;
        await Host.SendAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours",
            new { label = "Always now", start_time = now.AddHours(-1).ToString("HH:mm"), end_time = now.AddHours(1).ToString("HH:mm") }, 201);
        await Host.RuleAsync(new { name = "Any", channels = new[] { "webhook", "email" } });
        await App.Store.AssessedNowAsync(1, 70);
        await App.WaitForEvaluationAsync(1);

        var alert = Assert.Single(await Host.AlertsAsync())!;
        Assert.StartsWith("quiet_hours:", alert.Str("suppressed_by"));
        Assert.Empty(alert["channels"]!.AsArray());
        Assert.Equal("pending", alert.Str("status"));
        Assert.Empty((await Host.GetJsonAsync($"/api/alerts/{alert["id"]}/deliveries"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_risk_level_left_out_of_the_preferences_suppresses_delivery()
    {
        await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences", new { risk_filters = new[] { "critical" } });
        await Host.RuleAsync(new { name = "Any", channels = new[] { "webhook" } });
        await App.Store.AssessedNowAsync(1, 70);
        await App.WaitForEvaluationAsync(1);
        Assert.Equal("risk_filter:high", Assert.Single(await Host.AlertsAsync())!.Str("suppressed_by"));
    }

    [Fact]
    public async Task Acknowledge_twice_is_200_then_409_and_dismiss_twice_200_then_409()
    {
        await Host.RuleAsync(new { name = "Any" });
        await App.Store.AssessedNowAsync(1, 70);
        var id = (await Host.WaitForAlertsAsync(1))[0]!["id"]!.GetValue<Guid>();

        var acknowledged = await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/acknowledge");
        Assert.Equal("acknowledged", acknowledged.Str("status"));
        Assert.NotNull(acknowledged["acknowledged_at"]);
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/acknowledge", status: 409);

        var dismissed = await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/dismiss", new { reason = "the postman" });
        Assert.Equal(("dismissed", "the postman"), (dismissed.Str("status"), dismissed["metadata"]!.Str("dismiss_reason")));
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/dismiss", status: 409);
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/acknowledge", status: 409);
        Assert.Equal(["dismissed"], (await Host.AlertsAsync("&status=dismissed")).Select(a => a!.Str("status")));
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{Guid.NewGuid()}/acknowledge", status: 404);
    }

    [Fact]
    public async Task A_stale_version_is_409_with_the_current_version()
    {
        await Host.RuleAsync(new { name = "Any" });
        await App.Store.AssessedNowAsync(1, 70);
        var alert = (await Host.WaitForAlertsAsync(1))[0]!;
        var (id, version) = (alert["id"]!.GetValue<Guid>(), alert["version"]!.GetValue<long>());

        var acknowledged = await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/acknowledge", new { version });
        Assert.Equal(version + 1, acknowledged["version"]!.GetValue<long>());
        var conflict = (await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{id}/dismiss", new { version }, 409)).As<ConflictBody>();
        Assert.Equal(version + 1, conflict.CurrentVersion);
        Assert.Equal("acknowledged", (await Host.GetJsonAsync($"/api/alerts/{id}")).Str("status"));
    }

    [Theory]
    [InlineData("?status=open", "status")]
    [InlineData("?severity=urgent", "severity")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?rule_id=nope", "rule_id")]
    public async Task A_bad_alert_filter_is_422_naming_it(string query, string field)
    {
        var error = await Host.GetJsonAsync($"/api/alerts{query}", 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_seen_by_the_real_detector_raises_an_alert_pushed_as_alert_created()
    {
        using var socket = await Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);
        var rule = await Host.RuleAsync(new { name = "Person at the door", object_types = new[] { "person" }, min_confidence = 0.5 });
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));

        var message = await ReceiveAsync(socket, "alert_created");
        var data = message["data"]!;
        var alert = (await Host.WaitForAlertsAsync(1))[0]!;
        Assert.Equal(alert["id"]!.GetValue<Guid>(), data["id"]!.GetValue<Guid>());
        Assert.Equal((rule, "pending", $"front_door:{rule}"), (data["rule_id"]!.GetValue<Guid>(), data.Str("status"), data.Str("dedup_key")));
        Assert.Equal(alert["event_id"]!.GetValue<long>(), data["event_id"]!.GetValue<long>());
        Assert.Contains("person", alert["metadata"]!["object_types"]!.AsArray().Select(t => t!.GetValue<string>()));

        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{alert["id"]}/acknowledge");
        var acknowledged = await ReceiveAsync(socket, "alert_acknowledged");
        Assert.Equal(("acknowledged", alert["id"]!.GetValue<Guid>()), (acknowledged["data"]!.Str("status"), acknowledged["data"]!["id"]!.GetValue<Guid>()));
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ReceiveAsync(WebSocket socket, string type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var message = await DetectionPipelineTests.ReceiveJsonAsync(socket).WaitAsync(timeout.Token);
            if (message.Str("type") == type) return message;
        }
    }
}
