using System.Diagnostics;
using System.Net;
using Hsi.Inference.Resilience;
using Hsi.Inference.Risk;
using Microsoft.Extensions.Logging.Abstractions;
using static Hsi.Inference.Tests.Risk.RiskInputsExamples;

namespace Hsi.Inference.Tests.Risk;

/// <summary>The real client against a real HTTP server on 127.0.0.1 that speaks the chat-completions protocol.</summary>
public class LlmRiskAnalyzerTests
{
    private const string Answer =
        """{"risk_score": 81, "summary": "Person at the door", "reasoning": "Night visit", "risk_factors": ["night"], "recommended_action": "Check"}""";

    private static readonly Hsi.Domain.SecurityEvents.RiskInputs Inputs =
        Event("Europe/Berlin", 1, Seen("person", new DateTimeOffset(2025, 1, 5, 1, 30, 0, TimeSpan.Zero), 0.93));

    private static LlmRiskAnalyzer AnalyzerFor(
        string url, string? apiKey = "secret-key", double timeoutSeconds = 5, int retries = 2, int breakerThreshold = 100) =>
        new(new HttpClient(), new LlmOptions(url, "qwen3-8b", apiKey, TimeSpan.FromSeconds(timeoutSeconds), retries)
        {
            RetryDelay = TimeSpan.FromMilliseconds(50),
        }, new CircuitBreaker(LlmRiskAnalyzer.CircuitBreakerName, CircuitBreakerSettings.Defaults with { FailureThreshold = breakerThreshold },
            LlmRiskAnalyzer.IsServerFailure, TimeProvider.System, NullLogger.Instance), NullLogger<LlmRiskAnalyzer>.Instance);

    [Fact]
    public async Task A_normal_reply_becomes_the_analysis_and_the_request_is_a_repeatable_chat_completion()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Says(Answer));
        var analyzer = AnalyzerFor(server.Url);

        var analysis = await analyzer.AnalyzeAsync(Inputs, CancellationToken.None);

        Assert.Equal(81, analysis.RiskScore);
        Assert.Equal("Person at the door", analysis.Summary);
        Assert.Equal(Answer, analysis.RawOutput);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer secret-key", request.Authorization);
        Assert.Equal("qwen3-8b", request.Body["model"]!.GetValue<string>());
        Assert.Equal(0, request.Body["temperature"]!.GetValue<double>());
        Assert.Equal(LlmRiskAnalyzer.Seed, request.Body["seed"]!.GetValue<int>());
        var messages = request.Body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var prompt = messages[1]!["content"]!.GetValue<string>();
        Assert.Contains("Front Door", prompt);
        Assert.Contains("2025-01-05T02:30:00+01:00", prompt); // the detection in the camera's local time
        Assert.Contains("\"type\":\"person\"", prompt);
        Assert.Contains("\"recent_events_in_previous_hour\":1", prompt);
        Assert.Equal(new Hsi.Domain.SecurityEvents.AnalyzerIdentity("llm", "qwen3-8b", LlmRiskAnalyzer.PromptVersion, 42, 0), analyzer.Identity);
    }

    [Fact]
    public async Task The_prompt_carries_each_detections_enrichment_and_how_much_of_it_there_was()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Says(Answer));
        var inputs = Inputs with
        {
            DetectionEnrichments = [new Hsi.Domain.SecurityEvents.RiskEnrichment(1, "person", false, 0, null, null, null, null, 41.6, true)],
            EnrichmentSummary = Hsi.Domain.Enrichment.EnrichmentSummary.PendingSummary with { Status = "partial" },
        };

        await AnalyzerFor(server.Url).AnalyzeAsync(inputs, CancellationToken.None);

        var prompt = Assert.Single(server.Requests).Body["messages"]![1]!["content"]!.GetValue<string>();
        Assert.Contains("\"enrichment_status\":\"partial\"", prompt);
        Assert.Contains("\"face_visible\":false", prompt);
        Assert.Contains("\"image_quality\":42", prompt);
        Assert.Contains("\"low_quality\":true", prompt);
    }

    [Fact]
    public async Task A_reasoning_reply_is_read_after_its_think_block_and_the_url_may_end_in_v1()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Says("<think>A person at 02:30 local… risky.</think>\n\n" + Answer));

        var analysis = await AnalyzerFor(server.Url + "/v1/", apiKey: null).AnalyzeAsync(Inputs, CancellationToken.None);

        Assert.Equal(81, analysis.RiskScore);
        Assert.StartsWith("<think>", analysis.RawOutput);
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Garbage_is_retried_and_then_fails_with_what_the_model_said()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Says("I am a teapot, not a risk analyst."));

        var error = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => AnalyzerFor(server.Url, retries: 2).AnalyzeAsync(Inputs, CancellationToken.None));

        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("after 3 attempt(s)", error.Message);
        Assert.Contains("I am a teapot", error.Message);
    }

    [Fact]
    public async Task A_server_error_is_retried_until_it_answers()
    {
        await using var server = new ChatCompletionsServer((n, _) => n < 3 ? ChatReply.Fails(HttpStatusCode.ServiceUnavailable) : ChatReply.Says(Answer));

        var analysis = await AnalyzerFor(server.Url, retries: 2).AnalyzeAsync(Inputs, CancellationToken.None);

        Assert.Equal(81, analysis.RiskScore);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_key_is_not_retried()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Fails(HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => AnalyzerFor(server.Url, retries: 2).AnalyzeAsync(Inputs, CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_within_the_timeout_times_the_attempts()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Late(TimeSpan.FromMinutes(5), Answer));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RiskAnalysisFailedException>(
            () => AnalyzerFor(server.Url, timeoutSeconds: 0.5, retries: 1).AnalyzeAsync(Inputs, CancellationToken.None));

        // Counted by the client: on a loaded machine the server may not have read the second request
        // before the client gave up on it, so its own count can stay at one.
        Assert.Contains("after 2 attempt(s)", error.Message);
        Assert.Contains("no reply within 0.5 s", error.Message);
        // Two attempts of 0.5 s and one 50 ms pause, with room for a slow machine, far below the server's 5 minutes.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_that_cuts_its_answer_off_is_retried_and_then_fails_with_the_request_failure()
    {
        await using var server = new ChatCompletionsServer(ChatReply.CutsOff());

        var error = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => AnalyzerFor(server.Url, retries: 1).AnalyzeAsync(Inputs, CancellationToken.None));

        Assert.Contains("after 2 attempt(s): request failed", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_opens_the_breaker_like_any_server_failure()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        var analyzer = AnalyzerFor(url, retries: 1, breakerThreshold: 2);

        var refused = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => analyzer.AnalyzeAsync(Inputs, CancellationToken.None));
        var rejected = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => analyzer.AnalyzeAsync(Inputs, CancellationToken.None));

        Assert.Contains("request failed", refused.Message);
        Assert.Contains("circuit breaker 'llm' is open", rejected.Message);
    }

    [Fact]
    public async Task Once_its_breaker_opens_the_analysis_fails_at_once_without_asking_the_server()
    {
        await using var server = new ChatCompletionsServer(ChatReply.Fails(HttpStatusCode.BadGateway));
        var analyzer = AnalyzerFor(server.Url, retries: 1, breakerThreshold: 2);
        await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => analyzer.AnalyzeAsync(Inputs, CancellationToken.None));
        Assert.Equal(2, server.Requests.Count);

        var error = await Assert.ThrowsAsync<RiskAnalysisFailedException>(() => analyzer.AnalyzeAsync(Inputs, CancellationToken.None));

        Assert.Contains("circuit breaker 'llm' is open", error.Message);
        Assert.Equal(2, server.Requests.Count);
    }
}
