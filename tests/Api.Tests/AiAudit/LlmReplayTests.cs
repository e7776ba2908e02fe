using System.Net;
using Hsi.Api.Features.AiAudit.Replay;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.AiAudit;

/// <summary>Risk replays on a host whose analyzer is an LLM (a chat-completions server the tests control).</summary>
[Collection(LlmAnalyzerCollection.Name)]
public class LlmReplayTests(LlmAnalyzerFixture app) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<RiskReplayReport> ReplayAsync(RiskReplayParameters parameters)
    {
        var outcome = await app.Host.Services.GetRequiredService<RiskReplayJob>()
            .RunAsync(new TestJobContext(RiskReplayJob.KindName, parameters), CancellationToken.None);
        return Assert.IsType<RiskReplayReport>(outcome.Result);
    }

    [Fact]
    public async Task A_replay_asks_the_model_the_same_question_with_the_recorded_seed_and_temperature_and_records_what_changed()
    {
        app.Reply = ChatReply.Says("""{"risk_score": 88, "summary": "Stranger"}""");
        await app.Store.ClosedEventAsync(1, "porch", Noon, "person");
        await app.Host.SendAssessRiskAndWaitAsync(1);
        Assert.Single(await app.Store.AssessmentsAsync(1));
        var asked = app.Server.Requests.Last().Body;

        app.Reply = ChatReply.Says("""{"risk_score": 40, "summary": "Courier"}""");
        var report = await ReplayAsync(new RiskReplayParameters(EventIds: [1]));

        var replayed = app.Server.Requests.Last().Body;
        Assert.Equal(asked.ToJsonString(), replayed.ToJsonString()); // same prompt, model, seed and temperature
        Assert.Equal((LlmRiskAnalyzer.Seed, 0.0), (replayed["seed"]!.GetValue<int>(), replayed["temperature"]!.GetValue<double>()));
        var row = Assert.Single(report.Rows);
        Assert.Equal((88, "critical", 40, "medium", RiskChange.Down, true), (row.OldScore, row.OldLevel, row.NewScore!.Value, row.NewLevel, row.Change!.Value, row.Appended));
        Assert.Equal(new AnalyzerIdentity("llm", LlmAnalyzerFixture.Model, LlmRiskAnalyzer.PromptVersion, LlmRiskAnalyzer.Seed, 0), report.Analyzer);
    }

    [Fact]
    public async Task A_model_that_fails_leaves_the_decision_as_it_was_and_is_counted_as_failed()
    {
        app.Reply = ChatReply.Says("""{"risk_score": 88}""");
        await app.Store.ClosedEventAsync(1, "porch", Noon, "person");
        await app.Host.SendAssessRiskAndWaitAsync(1);
        Assert.Single(await app.Store.AssessmentsAsync(1));

        app.Reply = ChatReply.Fails(HttpStatusCode.InternalServerError);
        var report = await ReplayAsync(new RiskReplayParameters(EventIds: [1]));

        var row = Assert.Single(report.Rows);
        Assert.Contains("500", row.Error);
        Assert.Equal((1, 0, 0, 0, 0), (report.Totals.Failed, report.Totals.Up, report.Totals.Down, report.Totals.Same, report.Totals.Appended));

        var rules = await ReplayAsync(new RiskReplayParameters(EventIds: [1], Analyzer: "rules", DryRun: true));
        Assert.Equal(RuleBasedRiskAnalyzer.RulesIdentity, rules.Analyzer);
        Assert.Null(Assert.Single(rules.Rows).Error);
    }
}
