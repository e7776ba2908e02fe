using System.Net;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Features.AiAudit.Replay;
using Hsi.Api.Tests.AiAudit;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Hsi.Api.Tests.Operations;

/// <summary>
/// A host with RISK_ANALYZER=llm whose breaker opens after 3 failed requests and probes after 10 s, keys on,
/// in front of a chat-completions server the tests control.
/// </summary>
public sealed class CircuitBreakerFixture : HostFixture
{
    public const string Key = "breaker-key";
    public const int Threshold = 3;
    public const int RecoverySeconds = 10;

    public ChatReply Reply { get; set; } = ChatReply.Fails(HttpStatusCode.InternalServerError);

    public ChatCompletionsServer Server { get; }

    public CircuitBreakerFixture() => Server = new ChatCompletionsServer((_, _) => Reply);

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["RISK_ANALYZER"] = "llm",
        ["LLM_URL"] = Server.Url,
        ["LLM_MODEL"] = "test-model",
        ["LLM_TIMEOUT_SECONDS"] = "1",
        ["LLM_MAX_RETRIES"] = "1",
        ["LLM_CIRCUIT_FAILURE_THRESHOLD"] = Threshold.ToString(),
        ["LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS"] = RecoverySeconds.ToString(),
        ["API_KEY_ENABLED"] = "true",
        ["API_KEYS"] = $"[\"{Key}\"]",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CircuitBreakerCollection : ICollectionFixture<CircuitBreakerFixture>
{
    public const string Name = "circuit-breaker";
}

[Collection(CircuitBreakerCollection.Name)]
public class CircuitBreakerTests(CircuitBreakerFixture app) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private const string Answer = """{"risk_score": 88, "summary": "Stranger at the door"}""";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.Host.Services.GetRequiredService<CircuitBreaker>().ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonNode> LlmBreakerAsync()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/system/circuit-breakers");
            s.WithRequestHeader("X-API-Key", CircuitBreakerFixture.Key);
            s.StatusCodeShouldBe(200);
        });
        var body = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Assert.Equal(1, body["total_count"]!.GetValue<int>());
        return body["circuit_breakers"]!["llm"]!;
    }

    /// <summary>A closed event sent to the risk handler, and the decision it got (the fallback one included: it is polled).</summary>
    private async Task<RiskDecision> AssessAsync(long id)
    {
        await app.Store.ClosedEventAsync(id, "porch", Noon, "person");
        await app.Host.MessageBus().SendAsync(new AssessRisk(id));
        return (await Eventually.GetAsync(() => app.Store.AssessmentsAsync(id), a => a.Count > 0, what: $"event {id}'s decision")).Single().Decision;
    }

    /// <summary>With LLM_MAX_RETRIES=1, two events make the three failed requests that open it.</summary>
    private async Task OpenBreakerAsync(ChatReply failing)
    {
        app.Reply = failing;
        var first = await AssessAsync(1);
        var second = await AssessAsync(2);
        Assert.True(first.Fallback && second.Fallback);
        Assert.True("open" == (await LlmBreakerAsync())["state"]!.GetValue<string>(), $"{first.Error} | {second.Error} | {(await LlmBreakerAsync()).ToJsonString()}");
    }

    [Fact]
    public async Task When_the_llm_keeps_failing_the_breaker_opens_and_later_events_get_the_fallback_without_it_being_asked()
    {
        var requestsBefore = app.Server.Requests.Count;
        var before = await LlmBreakerAsync();
        app.Reply = ChatReply.Fails(HttpStatusCode.InternalServerError);
        Assert.True((await AssessAsync(1)).Fallback);
        Assert.Equal("closed", (await LlmBreakerAsync())["state"]!.GetValue<string>());

        // The third failed request opens it: the second event's retry is not sent.
        var second = await AssessAsync(2);
        Assert.True(second.Fallback);
        Assert.Equal(requestsBefore + CircuitBreakerFixture.Threshold, app.Server.Requests.Count);
        var llm = await LlmBreakerAsync();
        Assert.Equal("open", llm["state"]!.GetValue<string>());
        Assert.Equal(CircuitBreakerFixture.Threshold, llm["failure_count"]!.GetValue<int>());
        Assert.NotNull(llm["opened_at"]);
        Assert.NotNull(llm["last_failure_time"]);
        Assert.Equal(
            (CircuitBreakerFixture.Threshold, (double)CircuitBreakerFixture.RecoverySeconds, 1, 1),
            (llm["config"]!["failure_threshold"]!.GetValue<int>(), llm["config"]!["recovery_timeout"]!.GetValue<double>(),
                llm["config"]!["half_open_max_calls"]!.GetValue<int>(), llm["config"]!["success_threshold"]!.GetValue<int>()));

        app.Reply = ChatReply.Says(Answer);
        var third = await AssessAsync(3);
        Assert.True(third.Fallback);
        Assert.Equal("Analysis unavailable", third.Summary);
        Assert.Contains("circuit breaker 'llm' is open", third.Error);
        Assert.Equal(requestsBefore + CircuitBreakerFixture.Threshold, app.Server.Requests.Count);
        llm = await LlmBreakerAsync();
        // Rejected: the second event's retry and the third event's request. Both counts are since the node started.
        Assert.Equal(2, llm["rejected_calls"]!.GetValue<int>() - before["rejected_calls"]!.GetValue<int>());
        Assert.Equal(CircuitBreakerFixture.Threshold + 2, llm["total_calls"]!.GetValue<int>() - before["total_calls"]!.GetValue<int>());

        var metrics = await (await app.Host.Scenario(s => s.Get.Url("/api/metrics"))).ReadAsTextAsync();
        Assert.Contains("hsi_circuit_breaker_state{name=\"llm\"} 2", metrics);
    }

    [Fact]
    public async Task A_reset_with_the_api_key_closes_the_breaker_and_the_next_event_is_scored_by_the_llm()
    {
        await OpenBreakerAsync(ChatReply.CutsOff());

        await app.Host.Scenario(s => { s.Post.Url("/api/system/circuit-breakers/llm/reset"); s.StatusCodeShouldBe(401); });
        Assert.Equal("open", (await LlmBreakerAsync())["state"]!.GetValue<string>());

        var result = await app.Host.Scenario(s =>
        {
            s.Post.Url("/api/system/circuit-breakers/llm/reset").QueryString("api_key", CircuitBreakerFixture.Key);
            s.StatusCodeShouldBe(200);
        });
        var reset = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Assert.Equal(("llm", "open", "closed"),
            (reset["name"]!.GetValue<string>(), reset["previous_state"]!.GetValue<string>(), reset["new_state"]!.GetValue<string>()));
        Assert.Contains("reset", reset["message"]!.GetValue<string>());
        var llm = await LlmBreakerAsync();
        Assert.Equal(("closed", 0), (llm["state"]!.GetValue<string>(), llm["failure_count"]!.GetValue<int>()));
        Assert.Null(llm["opened_at"]);

        app.Reply = ChatReply.Says(Answer);
        var decision = await AssessAsync(3);
        Assert.False(decision.Fallback);
        Assert.Equal(88, decision.RiskScore);
    }

    [Theory]
    [InlineData("not%20valid", 422)]
    [InlineData("a_name_that_is_far_too_long_for_a_circuit_breaker_of_this_node_xyz", 422)]
    [InlineData("redis", 404)]
    public async Task A_reset_of_a_bad_or_unknown_name_is_refused_with_a_detail(string name, int status)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Url($"/api/system/circuit-breakers/{name}/reset");
            s.WithRequestHeader("X-API-Key", CircuitBreakerFixture.Key);
            s.StatusCodeShouldBe(status);
        });
        var detail = JsonNode.Parse(await result.ReadAsTextAsync())!["detail"]!.ToJsonString();
        Assert.Contains(status == 404 ? "llm" : "1-64", detail);
    }

    [Fact]
    public async Task After_the_recovery_timeout_a_probe_to_a_working_llm_closes_the_breaker_and_a_replay_scores_the_fallback_events()
    {
        // Slower than LLM_TIMEOUT_SECONDS: every request times out.
        await OpenBreakerAsync(ChatReply.Late(TimeSpan.FromSeconds(3), Answer));
        app.Reply = ChatReply.Says(Answer);

        // Until the recovery timeout has passed, each event gets the fallback; then one probes and is scored.
        var id = 3L;
        var started = DateTime.UtcNow;
        while ((await AssessAsync(id)).Fallback)
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(CircuitBreakerFixture.RecoverySeconds + 60), "no probe after the recovery timeout");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            id++;
        }
        var llm = await LlmBreakerAsync();
        Assert.Equal(("closed", 1), (llm["state"]!.GetValue<string>(), llm["success_count"]!.GetValue<int>()));

        var report = await app.Host.Services.GetRequiredService<RiskReplayJob>()
            .RunAsync(new TestJobContext(RiskReplayJob.KindName, new RiskReplayParameters(EventIds: [1, 2])), CancellationToken.None);
        var rows = Assert.IsType<RiskReplayReport>(report.Result).Rows;
        Assert.All(rows, r => Assert.Equal((50, 88, true), (r.OldScore, r.NewScore!.Value, r.Appended)));
    }
}
