using Hsi.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hsi.Api.Tests.Configuration;

public class RiskAnalyzerSettingsTests
{
    private static HsiSettings Settings(params (string Key, string Value)[] values) =>
        HsiSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void By_default_the_rules_decide_and_an_LLM_would_get_30_s_and_2_retries()
    {
        var settings = Settings();
        Assert.Equal(("rules", 30.0, 2), (settings.RiskAnalyzer, settings.LlmTimeoutSeconds, settings.LlmMaxRetries));
    }

    [Fact]
    public void The_LLM_circuit_breaker_opens_after_5_failures_in_5_minutes_and_probes_after_30_s_unless_told_otherwise()
    {
        Assert.Equal(new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), Settings().LlmCircuitBreaker);
        Assert.Equal(new(2, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(60)), Settings(
            ("LLM_CIRCUIT_FAILURE_THRESHOLD", "2"), ("LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS", "0.5"), ("LLM_CIRCUIT_SAMPLING_SECONDS", "60")).LlmCircuitBreaker);
    }

    [Theory]
    [InlineData("LLM_CIRCUIT_FAILURE_THRESHOLD", "1", "LLM_CIRCUIT_FAILURE_THRESHOLD: '1' must be a whole number, 2 or more")]
    [InlineData("LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS", "0.1", "LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS")]
    [InlineData("LLM_CIRCUIT_SAMPLING_SECONDS", "soon", "LLM_CIRCUIT_SAMPLING_SECONDS")]
    [InlineData("RISK_ANALYZER", "gpt", "RISK_ANALYZER: 'gpt' is not an analyzer")]
    [InlineData("LLM_MAX_RETRIES", "-1", "LLM_MAX_RETRIES")]
    [InlineData("LLM_TIMEOUT_SECONDS", "0", "LLM_TIMEOUT_SECONDS")]
    public void A_bad_value_stops_start_up_with_its_name(string key, string value, string message) =>
        Assert.StartsWith(message, Assert.Throws<InvalidOperationException>(() => Settings((key, value))).Message);

    [Fact]
    public void The_LLM_analyzer_needs_a_server_and_a_model()
    {
        Assert.Contains("needs LLM_URL", Assert.Throws<InvalidOperationException>(() => Settings(("RISK_ANALYZER", "llm"), ("LLM_MODEL", "m"))).Message);
        Assert.Contains("needs LLM_MODEL", Assert.Throws<InvalidOperationException>(() => Settings(("RISK_ANALYZER", "LLM"), ("LLM_URL", "http://127.0.0.1:8080"))).Message);
        Assert.Equal("llm", Settings(("RISK_ANALYZER", "LLM"), ("LLM_URL", "http://127.0.0.1:8080"), ("LLM_MODEL", "m")).RiskAnalyzer);
    }
}
