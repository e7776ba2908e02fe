namespace Hsi.Inference.Risk;

/// <summary>
/// How to reach an OpenAI-compatible chat-completions server (llama.cpp server, vLLM, Ollama):
/// LLM_URL, LLM_MODEL, LLM_API_KEY, LLM_TIMEOUT_SECONDS and LLM_MAX_RETRIES.
/// </summary>
public sealed record LlmOptions(string Url, string Model, string? ApiKey, TimeSpan Timeout, int MaxRetries)
{
    /// <summary>Wait before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>{LLM_URL}/v1/chat/completions</c>, whether or not LLM_URL already ends in <c>/v1</c>.</summary>
    public Uri ChatCompletionsUri
    {
        get
        {
            var root = Url.Trim().TrimEnd('/');
            return new Uri(root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? $"{root}/chat/completions" : $"{root}/v1/chat/completions");
        }
    }
}
