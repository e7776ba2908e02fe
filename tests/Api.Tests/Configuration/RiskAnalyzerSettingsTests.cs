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

    [Theory]
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
