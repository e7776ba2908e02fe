using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Resilience;
using Microsoft.Extensions.Logging;

namespace Hsi.Inference.Risk;

/// <summary>
/// Asks a model on any OpenAI-compatible chat-completions server (RISK_ANALYZER=llm). Temperature 0
/// and a fixed seed, both recorded in <see cref="Identity"/>, so a replay asks the same question the
/// same way. Each request has its own timeout; timeouts, server errors and unreadable replies are
/// retried with backoff, then <see cref="RiskAnalysisFailedException"/>. Every request goes through the
/// <c>llm</c> circuit breaker: while the server keeps failing, the analysis fails at once without asking it.
/// </summary>
public sealed class LlmRiskAnalyzer(HttpClient http, LlmOptions options, CircuitBreaker breaker, ILogger<LlmRiskAnalyzer> logger) : IRiskAnalyzer
{
    /// <summary>The name of the breaker around the LLM server.</summary>
    public const string CircuitBreakerName = "llm";

    public const int Seed = 42;
    public const double Temperature = 0;

    /// <summary>Bumped whenever the prompt changes: the same model with another prompt is another analyzer.</summary>
    public const string PromptVersion = "prompt-3";

    private static readonly JsonSerializerOptions PromptJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A prompt, not HTML: "+01:00" and non-ASCII camera names as written, not \u002B escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public AnalyzerIdentity Identity { get; } = new("llm", options.Model, PromptVersion, Seed, Temperature);

    public async Task<RiskAnalysis> AnalyzeAsync(RiskInputs inputs, CancellationToken ct)
    {
        var body = RequestBody(inputs);
        var attempts = 1 + Math.Max(0, options.MaxRetries);
        var failures = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return LlmReply.Parse(await breaker.ExecuteAsync(token => AskAsync(body, token), ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                if (Retryable(ex) is not { } failure)
                    throw new RiskAnalysisFailedException($"LLM analysis failed: {ex.Message}", ex);
                failures.Add(failure);
                if (attempt >= attempts)
                    throw new RiskAnalysisFailedException(
                        $"LLM analysis failed after {attempts} attempt(s): {string.Join("; ", failures)}", ex);
                var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning("LLM attempt {Attempt} of {Attempts} for event {EventId} failed ({Failure}); retrying in {Delay}",
                    attempt, attempts, inputs.EventId, failure, delay);
                await Task.Delay(delay, ct);
            }
        }
    }

    /// <summary>The message content of one chat completion, within one request timeout.</summary>
    private async Task<string> AskAsync(JsonObject body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.ChatCompletionsUri) { Content = JsonContent.Create(body) };
        if (!string.IsNullOrEmpty(options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) throw new LlmServerException(response.StatusCode, text);
            var content = JsonNode.Parse(text)?["choices"]?[0]?["message"]?["content"];
            return content is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : throw new FormatException("The server's reply has no choices[0].message.content");
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no reply within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }
    }

    /// <summary>What went wrong, when another attempt may go better; null when it will not (a refused key, an unknown model).</summary>
    private static string? Retryable(Exception ex) => ex switch
    {
        HttpRequestException => $"request failed: {ex.Message}",
        _ when IsServerFailure(ex) => ex.Message,
        FormatException or JsonException => ex.Message,
        _ => null,
    };

    /// <summary>
    /// The server is down, overloaded or too slow (no reply in time, no connection, 408/429/5xx): what the circuit
    /// breaker counts. An answer the analyzer cannot read is the model's doing, not the server's.
    /// </summary>
    public static bool IsServerFailure(Exception ex) => ex is TimeoutException or HttpRequestException
        or LlmServerException { Status: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError };

    private JsonObject RequestBody(RiskInputs inputs) => new()
    {
        ["model"] = options.Model,
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = SystemPrompt },
            new JsonObject { ["role"] = "user", ["content"] = UserPrompt(inputs) }),
        ["temperature"] = Temperature,
        ["seed"] = Seed,
        ["stream"] = false,
    };

    private const string SystemPrompt =
        """
        You assess the security risk of activity seen by a home security camera.
        You get the camera, the time window (in the camera's local time), each detection
        (time, object type, detector confidence 0-1, bounding box in pixels), how many other
        events this camera had in the hour before, any enrichment, the zones of the picture the
        detections stood in (listed by zone type; each detection names its zones), any loitering
        (a tracked object that stayed in a zone longer than allowed), and what the camera's activity
        baseline says of this hour (how many detections it usually has then, and what is unusual:
        e.g. a person at an hour where none was ever seen), and who was recognised: each re-identified
        person or known vehicle plate with the household's trust (trusted, untrusted or unclassified),
        how many times it was seen and whether this is the first time.
        Consider who or what was seen, how many, where (a person at an entry point or in a
        restricted zone matters more than one only on the sidewalk), the local time of day,
        how long it lasted, how sure the detector was, repeated activity, activity unusual
        for this camera and hour, and who it was (a trusted member of the household lowers the risk,
        an untrusted one raises it, someone never seen before raises it a little).
        Enrichment, per detection, says whether a person's face was visible (and how many faces),
        a vehicle's read licence plate, type and colour, a pet's kind, and the picture's quality
        (0-100); "enrichment_status" partial means some of it is missing. A person whose face is
        not visible at an entry point at night matters more; a blurry picture makes every fact less sure.
        Answer with one JSON object and nothing else:
        {"risk_score": <integer 0-100>, "summary": "<one sentence>", "reasoning": "<why>",
         "risk_factors": [{"factor": "<name>", "points": <integer>, "description": "<why>"}],
         "recommended_action": "<what the owner should do>"}
        """;

    /// <summary>The event as JSON, local times in the camera's zone (UTC when the zone is unknown here).</summary>
    private static string UserPrompt(RiskInputs inputs)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(inputs.Timezone, out var z) ? z : TimeZoneInfo.Utc;
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var zones = (inputs.Zones ?? []).ToDictionary(z => z.ZoneId);
        var facts = new
        {
            Camera = inputs.CameraName,
            CameraId = inputs.CameraId,
            Timezone = zone.Id,
            WindowStart = Local(inputs.StartedAt),
            WindowEnd = Local(inputs.EndedAt),
            DurationSeconds = Math.Round((inputs.EndedAt - inputs.StartedAt).TotalSeconds, 1),
            Detections = inputs.Detections.OrderBy(d => d.DetectedAt).ThenBy(d => d.DetectionId).Select(d => new
            {
                Time = Local(d.DetectedAt),
                Type = d.ObjectType,
                Confidence = Math.Round(d.Confidence, 3),
                Box = new { d.X, d.Y, d.Width, d.Height },
                Zones = (d.ZoneIds ?? []).Where(zones.ContainsKey).Select(id => zones[id].Name),
            }),
            ZonesByType = (inputs.Zones ?? []).GroupBy(z => z.ZoneType).OrderBy(g => g.Key)
                .ToDictionary(g => JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Key.ToString()), g => g.Select(z => z.Name).ToList()),
            Loitering = (inputs.Loitering ?? []).Select(l => new { Zone = l.ZoneName, Type = l.ObjectType, Seconds = Math.Round(l.Seconds) }),
            RecentEventsInPreviousHour = inputs.RecentEventCount,
            Enrichment = inputs.Enrichment,
            EnrichmentStatus = inputs.EnrichmentSummary?.Status,
            DetectionEnrichment = (inputs.DetectionEnrichments ?? []).OrderBy(e => e.DetectionId).Select(e => new
            {
                Type = e.ObjectType,
                e.FaceVisible,
                e.FaceCount,
                e.PlateText,
                e.PetType,
                e.VehicleType,
                e.VehicleColor,
                ImageQuality = e.QualityScore is { } q ? Math.Round(q) : (double?)null,
                e.LowQuality,
            }),
            Recognised = (inputs.Entities ?? []).DistinctBy(e => e.EntityId).Select(e => new
            {
                Type = JsonNamingPolicy.SnakeCaseLower.ConvertName(e.EntityType.ToString()),
                Trust = JsonNamingPolicy.SnakeCaseLower.ConvertName(e.TrustStatus.ToString()),
                e.TimesSeen,
                FirstTime = e.IsNew,
                e.Plate,
            }),
            Baseline = inputs.Baseline is not { } b ? null : new
            {
                LocalHour = Domain.Baselines.ActivityBaseline.Clock(b.LocalHour),
                b.SampledHours,
                ExpectedDetections = b.ExpectedCount,
                ObservedDetections = b.ObservedCount,
                b.Established,
                Unusual = b.Anomalies.Select(a => a.Reason),
            },
        };
        return "Security event:\n" + JsonSerializer.Serialize(facts, PromptJson);
    }
}

/// <summary>The server answered with an error status.</summary>
public sealed class LlmServerException(HttpStatusCode status, string body)
    : Exception($"server answered {(int)status} {status}: {(body.Length <= 200 ? body : body[..200] + "…")}")
{
    public HttpStatusCode Status { get; } = status;
}
