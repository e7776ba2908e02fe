using System.Net;
using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Wolverine;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.SecurityEvents;

/// <summary>A host with RISK_ANALYZER=llm against a chat-completions server the tests control; short timeouts.</summary>
public sealed class LlmAnalyzerFixture : HostFixture
{
    public const string Model = "test-model";

    /// <summary>What the server answers now; each test sets it.</summary>
    public ChatReply Reply { get; set; } = ChatReply.Fails(HttpStatusCode.InternalServerError);

    public ChatCompletionsServer Server { get; }

    public LlmAnalyzerFixture() => Server = new ChatCompletionsServer((_, _) => Reply);

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["RISK_ANALYZER"] = "llm",
        ["LLM_URL"] = Server.Url,
        ["LLM_MODEL"] = Model,
        ["LLM_API_KEY"] = "llm-key",
        ["LLM_TIMEOUT_SECONDS"] = "1",
        ["LLM_MAX_RETRIES"] = "1",
        // These tests fail the model on purpose; the breaker's own tests have a host of their own.
        ["LLM_CIRCUIT_FAILURE_THRESHOLD"] = "1000",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LlmAnalyzerCollection : ICollectionFixture<LlmAnalyzerFixture>
{
    public const string Name = "llm-analyzer";
}

[Collection(LlmAnalyzerCollection.Name)]
public class LlmAssessRiskTests(LlmAnalyzerFixture app) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_models_answer_is_recorded_with_the_model_seed_temperature_and_raw_output()
    {
        const string answer = """<think>A person at noon is probably a delivery.</think>{"risk_score": 88, "summary": "Stranger at the door", "reasoning": "Lingers", "risk_factors": ["person"], "recommended_action": "Look"}""";
        app.Reply = ChatReply.Says(answer);
        await app.Store.ClosedEventAsync(1, "porch", Noon, "person");

        await app.Host.SendAssessRiskAndWaitAsync(1);

        var decision = Assert.Single(await app.Store.AssessmentsAsync(1)).Decision;
        Assert.Equal(88, decision.RiskScore);
        Assert.Equal(RiskLevel.Critical, decision.RiskLevel);
        Assert.Equal("Stranger at the door", decision.Summary);
        Assert.Equal(new AnalyzerIdentity("llm", LlmAnalyzerFixture.Model, LlmRiskAnalyzer.PromptVersion, LlmRiskAnalyzer.Seed, 0), decision.Analyzer);
        Assert.Equal(answer, decision.RawOutput);
        Assert.Equal("Bearer llm-key", app.Server.Requests.Last().Authorization);
    }

    [Fact]
    public async Task When_the_model_keeps_failing_the_event_gets_the_fallback_decision_and_the_message_is_dead_lettered()
    {
        app.Reply = ChatReply.Fails(HttpStatusCode.InternalServerError);
        var lettersBefore = await app.Host.DeadLetteredAssessmentsAsync();
        var requestsBefore = app.Server.Requests.Count;
        await app.Store.ClosedEventAsync(1, "porch", Noon, "person");

        await app.Host.MessageBus().SendAsync(new AssessRisk(1));

        // Polled, not tracked: the failure's retry is scheduled, and a tracked session ends at a scheduled message.
        var decision = (await Eventually.GetAsync(() => app.Store.AssessmentsAsync(1), a => a.Count > 0, what: "the fallback decision")).Single().Decision;
        Assert.True(decision.Fallback);
        Assert.Equal(50, decision.RiskScore);
        Assert.Equal(RiskLevels.Of(50, Thresholds.Defaults), decision.RiskLevel);
        Assert.Equal("Analysis unavailable", decision.Summary);
        Assert.Contains("after 2 attempt(s)", decision.Error);
        Assert.Contains("500", decision.Error);
        Assert.Equal("llm", decision.Analyzer.Analyzer);
        Assert.Equal(["person"], decision.Inputs.Detections.Select(d => d.ObjectType));
        await Eventually.GetAsync(app.Host.DeadLetteredAssessmentsAsync, n => n == lettersBefore + 1, what: "the dead-lettered AssessRisk");
        // LLM_MAX_RETRIES=1: two requests, and no further rounds of them from Wolverine.
        Assert.Equal(requestsBefore + 2, app.Server.Requests.Count);

        // The message again (a requeue) finds the event decided: nothing more is asked or recorded.
        app.Reply = ChatReply.Says("""{"risk_score": 10}""");
        await app.Host.InvokeMessageAndWaitAsync(new AssessRisk(1));
        Assert.Single(await app.Store.AssessmentsAsync(1));
        Assert.Equal(requestsBefore + 2, app.Server.Requests.Count);
    }
}
