using System.Globalization;
using System.Net;
using Hsi.Api.Http.RateLimiting;
using System.Text.Json;
using Hsi.Inference.Detection;
using Npgsql;

namespace Hsi.Api.Configuration;

/// <summary>
/// Every setting of SPEC.md §5, read from environment variables (or any other
/// configuration source under the same key) with the documented defaults.
/// </summary>
public sealed class HsiSettings
{
    // Relative to HomeDirectory: the checkout, HSI_HOME or the working directory.
    private const string DefaultCameraRoot = "data/cameras", DefaultDataDir = "data", DefaultDetectorModelPath = "models/yolox_nano.onnx";

    /// <summary>HSI_ROLE: what this node does (<see cref="ClusterRole"/>); <c>all</c>, one process with everything, is the default.</summary>
    public ClusterRole Role { get; init; } = ClusterRole.All;
    /// <summary>GROUPING_ORDER: <see cref="GroupingOrders"/>; only a cluster's API and worker nodes read it.</summary>
    public string GroupingOrder { get; init; } = GroupingOrders.Listener;
    /// <summary>HSI_NODE_NAME: how metrics and the cluster view name this node; the host name by default.</summary>
    public string NodeName { get; init; } = Environment.MachineName;
    public string DatabaseUrl { get; init; } = "postgresql://hsi:hsi@127.0.0.1:5432/hsi";
    public string RedisUrl { get; init; } = "redis://127.0.0.1:6379/0";
    public string CameraRoot { get; init; } = Path.GetFullPath(DefaultCameraRoot, HomeDirectory(null));
    public string DataDir { get; init; } = Path.GetFullPath(DefaultDataDir, HomeDirectory(null));
    public string Timezone { get; init; } = "UTC";
    public bool ApiKeyEnabled { get; init; }
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];
    public string PaginationOffsetSunset { get; init; } = "2027-06-01";
    public string DetectorModelPath { get; init; } = Path.GetFullPath(DefaultDetectorModelPath, HomeDirectory(null));
    public string DetectorModelFamily { get; init; } = "auto";
    public string DetectorDevice { get; init; } = "auto";
    public double DetectionConfidenceThreshold { get; init; } = 0.5;
    public double MaxMediaMb { get; init; } = 50;
    public long MaxImagePixels { get; init; } = ImageDecoding.DefaultMaxPixels;
    public double VideoSampleFps { get; init; } = 1;
    public int VideoMaxFrames { get; init; } = 60;
    public bool FileWatcherPolling { get; init; }
    public int DedupWindowSeconds { get; init; } = 300;
    public double BatchWindowSeconds { get; init; } = 90;
    public double BatchIdleTimeoutSeconds { get; init; } = 30;

    /// <summary>TRACK_MAX_GAP_SECONDS: a track unseen longer is lost; the same object seen later starts a new one.</summary>
    public double TrackMaxGapSeconds { get; init; } = 5;
    public int BatchMaxDetections { get; init; } = 500;
    public double FastPathConfidenceThreshold { get; init; } = 0.90;
    public IReadOnlyList<string> FastPathObjectTypes { get; init; } = ["person"];
    public string RedisPrefix { get; init; } = "hsi";
    public double WsPingIntervalSeconds { get; init; } = 30;
    public int WsMaxMessageBytes { get; init; } = 64 * 1024;
    public int WsMaxFragments { get; init; } = 32;
    public int WsMaxConnections { get; init; } = 1000;
    public int WsMaxConnectionsPerClient { get; init; } = 10;
    /// <summary>EXPORT_MAX_CONCURRENT: exports one node streams at once; beyond it, 429.</summary>
    public int ExportMaxConcurrent { get; init; } = 4;
    /// <summary>EXPORT_MAX_PER_CLIENT: exports one client (API key, else address) streams at once; beyond it, 429.</summary>
    public int ExportMaxPerClient { get; init; } = 2;
    /// <summary>JOBS_MAX_CONCURRENT: jobs (replays, rebuilds, exports) one node runs at once; the rest wait queued.</summary>
    public int JobsMaxConcurrent { get; init; } = 2;
    public string RiskAnalyzer { get; init; } = "rules";
    public string LlmUrl { get; init; } = "";
    public string LlmModel { get; init; } = "";
    public string? LlmApiKey { get; init; }
    public double LlmTimeoutSeconds { get; init; } = 30;
    public int LlmMaxRetries { get; init; } = 2;
    /// <summary>LLM_CIRCUIT_FAILURE_THRESHOLD: the breaker opens once this many requests to the LLM within the sampling window all failed; at least 2.</summary>
    public int LlmCircuitFailureThreshold { get; init; } = Hsi.Inference.Resilience.CircuitBreakerSettings.Defaults.FailureThreshold;
    /// <summary>LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS: how long an open breaker rejects requests before it lets a probe through; at least 0.5.</summary>
    public double LlmCircuitRecoveryTimeoutSeconds { get; init; } = Hsi.Inference.Resilience.CircuitBreakerSettings.Defaults.RecoveryTimeout.TotalSeconds;
    /// <summary>LLM_CIRCUIT_SAMPLING_SECONDS: the window in which the failures are counted; at least 0.5.</summary>
    public double LlmCircuitSamplingSeconds { get; init; } = Hsi.Inference.Resilience.CircuitBreakerSettings.Defaults.SamplingDuration.TotalSeconds;

    public Hsi.Inference.Resilience.CircuitBreakerSettings LlmCircuitBreaker =>
        new(LlmCircuitFailureThreshold, TimeSpan.FromSeconds(LlmCircuitRecoveryTimeoutSeconds), TimeSpan.FromSeconds(LlmCircuitSamplingSeconds));
    public bool RateLimitEnabled { get; init; } = true;
    public IReadOnlyList<RateLimitTier> RateLimitTiers { get; init; } = RateLimitTier.Defaults;
    public IReadOnlyList<IPNetwork> TrustedProxyIps { get; init; } = [];
    public int RetentionDays { get; init; } = 30;
    public int LogRetentionDays { get; init; } = 7;
    /// <summary>LOG_DB_MAX_ROWS: the most application log rows the log table keeps (the newest); older ones are trimmed.</summary>
    public int LogDbMaxRows { get; init; } = 100_000;
    /// <summary>LOG_DB_QUEUE_LIMIT: log lines waiting for the log table at most; beyond it (the database slow or down) new ones are dropped and counted.</summary>
    public int LogDbQueueLimit { get; init; } = 10_000;
    /// <summary>LOG_DB_TRIM_INTERVAL_SECONDS: how often the log table is trimmed to LOG_DB_MAX_ROWS and LOG_RETENTION_DAYS.</summary>
    public double LogDbTrimIntervalSeconds { get; init; } = 60;
    public bool CleanupDeleteMedia { get; init; }
    /// <summary>STORAGE_MAX_GB: the most camera files and thumbnails may take (decimal GB, 10^9 bytes); null: no cap.</summary>
    public double? StorageMaxGb { get; init; }
    /// <summary>STORAGE_MIN_FREE_PERCENT: below this much free space on CAMERA_ROOT's filesystem the oldest files are evicted; 0: no floor.</summary>
    public double StorageMinFreePercent { get; init; } = 5;
    /// <summary>STORAGE_CHECK_INTERVAL_SECONDS: how often (1 s to a day) the storage eviction checks the cap and the floor.</summary>
    public double StorageCheckIntervalSeconds { get; init; } = 60;
    public long? StorageLimitBytes => StorageMaxGb is { } gb ? (long)(gb * 1_000_000_000) : null;
    public string GrafanaUrl { get; init; } = "http://localhost:3000";
    /// <summary>SCENE_CHANGE_THRESHOLD: a picture whose SSIM to its camera's reference view is below this (0–1) records a scene change.</summary>
    public double SceneChangeThreshold { get; init; } = Hsi.Domain.Scenes.SceneDecisions.DefaultThreshold;
    /// <summary>ENTITY_MATCH_THRESHOLD: the least cosine similarity of OSNet embeddings at which a person joins an entity.</summary>
    public double EntityMatchThreshold { get; init; } = Hsi.Inference.Entities.EntityMatchSettings.DefaultThreshold;
    /// <summary>ENTITY_INDEX_MAX_EMBEDDINGS: the most person embeddings (the newest) matching holds in memory.</summary>
    public int EntityIndexMaxEmbeddings { get; init; } = Hsi.Inference.Entities.EntityMatchSettings.DefaultMaxIndexed;

    /// <summary>ENRICHMENT_ENABLED: whether the enrichment stage runs after analysis (off: no stage, enrichment_status <c>disabled</c>).</summary>
    public bool EnrichmentEnabled { get; init; } = true;

    /// <summary>ENRICHMENT_WAIT_SECONDS: how long risk assessment waits for an event's enrichment before deciding with what it has (0: not at all).</summary>
    public int EnrichmentWaitSeconds { get; init; } = 10;

    /// <summary>MQTT_URL: the broker (<c>mqtt://host:1883</c>, <c>mqtts://</c> for TLS); empty turns MQTT and Home Assistant off.</summary>
    public string MqttUrl { get; init; } = "";
    public string? MqttUsername { get; init; }
    public string? MqttPassword { get; init; }
    /// <summary>MQTT_TOPIC_PREFIX: the first level of every topic this API publishes (<c>hsi/events</c>, <c>hsi/availability</c>).</summary>
    public string MqttTopicPrefix { get; init; } = "hsi";
    public string MqttClientId { get; init; } = $"hsi-{Environment.MachineName}";
    /// <summary>MQTT_PERSON_TIMEOUT_SECONDS: a camera's person (and motion) sensor turns OFF after this long with no new one.</summary>
    public double MqttPersonTimeoutSeconds { get; init; } = 60;
    /// <summary>MQTT_SNAPSHOT_MAX_KB: an event's picture larger than this is not sent as the camera's snapshot; 0 sends none.</summary>
    public int MqttSnapshotMaxKb { get; init; } = 256;

    public bool MqttEnabled => MqttUrl.Length > 0;

    /// <summary>WEBHOOK_URL: where the <c>webhook</c> channel posts when the rule names no <c>webhook_url</c>.</summary>
    public string? WebhookUrl { get; init; }
    /// <summary>WEBHOOK_SECRET: the HMAC-SHA256 key of <c>X-HSI-Signature</c>; no header without it.</summary>
    public string? WebhookSecret { get; init; }
    public double WebhookTimeoutSeconds { get; init; } = 10;
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }
    public string? SmtpFrom { get; init; }
    /// <summary>SMTP_USE_TLS: true → STARTTLS when the server offers it (TLS from the start on port 465); false → plain.</summary>
    public bool SmtpUseTls { get; init; } = true;
    /// <summary>ALERT_EMAIL_TO: the <c>email</c> channel's recipients.</summary>
    public IReadOnlyList<string> AlertEmailTo { get; init; } = [];
    /// <summary>WEBHOOK_ALLOW_PRIVATE: let webhooks reach loopback, private, link-local and metadata addresses (WebhookTarget).</summary>
    public bool WebhookAllowPrivate { get; init; }

    public long MaxMediaBytes => (long)(MaxMediaMb * 1024 * 1024);

    public string NpgsqlConnectionString => ToNpgsql(DatabaseUrl);

    public static HsiSettings From(IConfiguration config)
    {
        // The property initialisers are the defaults; a setting left unset (or blank) keeps its default.
        var d = new HsiSettings();
        string? Value(string key) => string.IsNullOrWhiteSpace(config[key]) ? null : config[key]!.Trim();
        string Text(string key, string fallback) => Value(key) ?? fallback;
        bool Flag(string key, bool fallback) => Value(key) is { } v ? ParseBool(v, key) : fallback;
        double Number(string key, double fallback) => Value(key) is { } v ? ParseDouble(v, key) : fallback;
        double Above0(string key, double fallback) => Value(key) is { } v ? ParsePositive(v, key) : fallback;
        int Count(string key, int fallback) => Value(key) is { } v ? ParseCount(v, key) : fallback;
        int Days(string key, int fallback) => Value(key) is { } v ? ParseDays(v, key) : fallback;
        // Polly's circuit breaker measures no window or break shorter than half a second.
        double Seconds(string key, double fallback) => Value(key) is { } v ? ParseSecondsAtLeast(v, key, 0.5) : fallback;
        var home = HomeDirectory(config["HSI_HOME"]);
        string PathSetting(string key, string relativeFallback) => Path.GetFullPath(Text(key, relativeFallback), home);

        var databaseUrl = Text("DATABASE_URL", d.DatabaseUrl);
        return new HsiSettings
        {
            Role = ParseRole(Text("HSI_ROLE", "all")),
            NodeName = Text("HSI_NODE_NAME", d.NodeName),
            GroupingOrder = Text("GROUPING_ORDER", d.GroupingOrder).ToLowerInvariant() is var order && order is GroupingOrders.Listener or GroupingOrders.Partitioned
                ? order : throw new InvalidOperationException($"GROUPING_ORDER: '{config["GROUPING_ORDER"]}' is not an order (listener, partitioned)"),
            DatabaseUrl = databaseUrl,
            RedisUrl = Text("REDIS_URL", d.RedisUrl),
            CameraRoot = PathSetting("CAMERA_ROOT", DefaultCameraRoot),
            DataDir = PathSetting("DATA_DIR", DefaultDataDir),
            Timezone = Text("TIMEZONE", d.Timezone),
            ApiKeyEnabled = Flag("API_KEY_ENABLED", d.ApiKeyEnabled),
            ApiKeys = ParseList(config["API_KEYS"], "API_KEYS"),
            CorsOrigins = ParseList(config["CORS_ORIGINS"], "CORS_ORIGINS"),
            PaginationOffsetSunset = Text("PAGINATION_OFFSET_SUNSET", d.PaginationOffsetSunset),
            DetectorModelPath = PathSetting("DETECTOR_MODEL_PATH", DefaultDetectorModelPath),
            DetectorModelFamily = Text("DETECTOR_MODEL_FAMILY", d.DetectorModelFamily),
            DetectorDevice = Text("DETECTOR_DEVICE", d.DetectorDevice),
            DetectionConfidenceThreshold = Number("DETECTION_CONFIDENCE_THRESHOLD", d.DetectionConfidenceThreshold),
            MaxMediaMb = Number("MAX_MEDIA_MB", d.MaxMediaMb),
            MaxImagePixels = (long)Number("MAX_IMAGE_PIXELS", d.MaxImagePixels),
            VideoSampleFps = Number("VIDEO_SAMPLE_FPS", d.VideoSampleFps),
            VideoMaxFrames = (int)Number("VIDEO_MAX_FRAMES", d.VideoMaxFrames),
            FileWatcherPolling = Flag("FILE_WATCHER_POLLING", d.FileWatcherPolling),
            DedupWindowSeconds = (int)Number("DEDUP_WINDOW_SECONDS", d.DedupWindowSeconds),
            BatchWindowSeconds = Positive(Number("BATCH_WINDOW_SECONDS", d.BatchWindowSeconds), "BATCH_WINDOW_SECONDS"),
            BatchIdleTimeoutSeconds = Positive(Number("BATCH_IDLE_TIMEOUT_SECONDS", d.BatchIdleTimeoutSeconds), "BATCH_IDLE_TIMEOUT_SECONDS"),
            TrackMaxGapSeconds = Positive(Number("TRACK_MAX_GAP_SECONDS", d.TrackMaxGapSeconds), "TRACK_MAX_GAP_SECONDS"),
            BatchMaxDetections = (int)Positive(Number("BATCH_MAX_DETECTIONS", d.BatchMaxDetections), "BATCH_MAX_DETECTIONS"),
            FastPathConfidenceThreshold = Number("FAST_PATH_CONFIDENCE_THRESHOLD", d.FastPathConfidenceThreshold),
            FastPathObjectTypes = config["FAST_PATH_OBJECT_TYPES"] is { Length: > 0 } types ? ParseList(types, "FAST_PATH_OBJECT_TYPES") : d.FastPathObjectTypes,
            WsPingIntervalSeconds = Above0("WS_PING_INTERVAL_SECONDS", d.WsPingIntervalSeconds),
            WsMaxMessageBytes = (int)Above0("WS_MAX_MESSAGE_BYTES", d.WsMaxMessageBytes),
            WsMaxFragments = (int)Above0("WS_MAX_FRAGMENTS", d.WsMaxFragments),
            WsMaxConnections = (int)Above0("WS_MAX_CONNECTIONS", d.WsMaxConnections),
            WsMaxConnectionsPerClient = (int)Above0("WS_MAX_CONNECTIONS_PER_CLIENT", d.WsMaxConnectionsPerClient),
            ExportMaxConcurrent = (int)Above0("EXPORT_MAX_CONCURRENT", d.ExportMaxConcurrent),
            ExportMaxPerClient = (int)Above0("EXPORT_MAX_PER_CLIENT", d.ExportMaxPerClient),
            JobsMaxConcurrent = (int)Above0("JOBS_MAX_CONCURRENT", d.JobsMaxConcurrent),
            RiskAnalyzer = ParseRiskAnalyzer(Text("RISK_ANALYZER", d.RiskAnalyzer), config["LLM_URL"], config["LLM_MODEL"]),
            LlmUrl = Text("LLM_URL", d.LlmUrl),
            LlmModel = Text("LLM_MODEL", d.LlmModel),
            LlmApiKey = Value("LLM_API_KEY"),
            LlmTimeoutSeconds = Above0("LLM_TIMEOUT_SECONDS", d.LlmTimeoutSeconds),
            LlmMaxRetries = Count("LLM_MAX_RETRIES", d.LlmMaxRetries),
            LlmCircuitFailureThreshold = Value("LLM_CIRCUIT_FAILURE_THRESHOLD") is { } threshold
                ? ParseAtLeast(threshold, "LLM_CIRCUIT_FAILURE_THRESHOLD", Hsi.Inference.Resilience.CircuitBreakerSettings.LeastFailureThreshold)
                : d.LlmCircuitFailureThreshold,
            LlmCircuitRecoveryTimeoutSeconds = Seconds("LLM_CIRCUIT_RECOVERY_TIMEOUT_SECONDS", d.LlmCircuitRecoveryTimeoutSeconds),
            LlmCircuitSamplingSeconds = Seconds("LLM_CIRCUIT_SAMPLING_SECONDS", d.LlmCircuitSamplingSeconds),
            RateLimitEnabled = Flag("RATE_LIMIT_ENABLED", d.RateLimitEnabled),
            RateLimitTiers = d.RateLimitTiers.Select(t => t with
            {
                PerMinute = (int)Above0($"RATE_LIMIT_{t.Name.ToUpperInvariant()}", t.PerMinute),
                Burst = Count($"RATE_LIMIT_{t.Name.ToUpperInvariant()}_BURST", t.Burst),
            }).ToList(),
            TrustedProxyIps = ParseNetworks(config["TRUSTED_PROXY_IPS"], "TRUSTED_PROXY_IPS"),
            RetentionDays = Days("RETENTION_DAYS", d.RetentionDays),
            LogRetentionDays = Days("LOG_RETENTION_DAYS", d.LogRetentionDays),
            LogDbMaxRows = (int)Above0("LOG_DB_MAX_ROWS", d.LogDbMaxRows),
            LogDbQueueLimit = (int)Above0("LOG_DB_QUEUE_LIMIT", d.LogDbQueueLimit),
            LogDbTrimIntervalSeconds = Above0("LOG_DB_TRIM_INTERVAL_SECONDS", d.LogDbTrimIntervalSeconds),
            CleanupDeleteMedia = Flag("CLEANUP_DELETE_MEDIA", d.CleanupDeleteMedia),
            StorageMaxGb = Value("STORAGE_MAX_GB") is { } maxGb ? Within(ParseDouble(maxGb, "STORAGE_MAX_GB"), 1e-9, 1e9, "STORAGE_MAX_GB") : null,
            StorageMinFreePercent = Percent(Number("STORAGE_MIN_FREE_PERCENT", d.StorageMinFreePercent), "STORAGE_MIN_FREE_PERCENT"),
            StorageCheckIntervalSeconds = Within(Number("STORAGE_CHECK_INTERVAL_SECONDS", d.StorageCheckIntervalSeconds), 1, 86_400, "STORAGE_CHECK_INTERVAL_SECONDS"),
            GrafanaUrl = Text("GRAFANA_URL", d.GrafanaUrl),
            SceneChangeThreshold = Fraction(Number("SCENE_CHANGE_THRESHOLD", d.SceneChangeThreshold), "SCENE_CHANGE_THRESHOLD"),
            MqttUrl = ParseMqttUrl(Value("MQTT_URL")),
            MqttUsername = Value("MQTT_USERNAME"),
            MqttPassword = Value("MQTT_PASSWORD"),
            MqttTopicPrefix = ParseMqttTopicPrefix(Text("MQTT_TOPIC_PREFIX", d.MqttTopicPrefix)),
            MqttClientId = Text("MQTT_CLIENT_ID", d.MqttClientId),
            MqttPersonTimeoutSeconds = Above0("MQTT_PERSON_TIMEOUT_SECONDS", d.MqttPersonTimeoutSeconds),
            MqttSnapshotMaxKb = Count("MQTT_SNAPSHOT_MAX_KB", d.MqttSnapshotMaxKb),
            EntityMatchThreshold = Fraction(Number("ENTITY_MATCH_THRESHOLD", d.EntityMatchThreshold), "ENTITY_MATCH_THRESHOLD"),
            EntityIndexMaxEmbeddings = (int)Positive(Number("ENTITY_INDEX_MAX_EMBEDDINGS", d.EntityIndexMaxEmbeddings), "ENTITY_INDEX_MAX_EMBEDDINGS"),
            RedisPrefix = ParseRedisPrefix(config["REDIS_PREFIX"], databaseUrl),
            WebhookUrl = ParseWebhookUrl(Value("WEBHOOK_URL"), Flag("WEBHOOK_ALLOW_PRIVATE", d.WebhookAllowPrivate)),
            WebhookSecret = Value("WEBHOOK_SECRET"),
            WebhookTimeoutSeconds = Above0("WEBHOOK_TIMEOUT_SECONDS", d.WebhookTimeoutSeconds),
            SmtpHost = Value("SMTP_HOST"),
            SmtpPort = Value("SMTP_PORT") is { } smtpPort ? ParsePort(smtpPort, "SMTP_PORT") : d.SmtpPort,
            SmtpUsername = Value("SMTP_USERNAME"),
            SmtpPassword = Value("SMTP_PASSWORD"),
            SmtpFrom = Value("SMTP_FROM"),
            SmtpUseTls = Flag("SMTP_USE_TLS", d.SmtpUseTls),
            AlertEmailTo = ParseList(config["ALERT_EMAIL_TO"], "ALERT_EMAIL_TO"),
            EnrichmentEnabled = Flag("ENRICHMENT_ENABLED", d.EnrichmentEnabled),
            EnrichmentWaitSeconds = Count("ENRICHMENT_WAIT_SECONDS", d.EnrichmentWaitSeconds),
            WebhookAllowPrivate = Flag("WEBHOOK_ALLOW_PRIVATE", d.WebhookAllowPrivate),
        };
    }

    /// <summary>
    /// What relative paths (CAMERA_ROOT, DATA_DIR, DETECTOR_MODEL_PATH) are relative to, whichever
    /// way the API is started: HSI_HOME when set; else the checkout's root when the API runs from
    /// a checkout (ops/run, dotnet run, the tests); else the working directory.
    /// </summary>
    internal static string HomeDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured.Trim());
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// REDIS_PREFIX, by default the PostgreSQL database name: deployments that share a Redis
    /// (pub/sub channels ignore the Redis database number) then never see each other's keys or messages.
    /// Letters, digits, <c>_ . -</c> only, so it can neither contain the <c>:</c> separator nor act as a pattern.
    /// </summary>
    internal static string ParseRedisPrefix(string? value, string databaseUrl)
    {
        var explicitPrefix = !string.IsNullOrWhiteSpace(value);
        var prefix = explicitPrefix ? value!.Trim() : new NpgsqlConnectionStringBuilder(ToNpgsql(databaseUrl)).Database ?? "hsi";
        if (prefix.Length > 0 && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')) return prefix;
        throw new InvalidOperationException(explicitPrefix
            ? $"REDIS_PREFIX: '{prefix}' may hold only letters, digits, '_', '.' and '-'"
            : $"REDIS_PREFIX: the database name '{prefix}' cannot be a Redis prefix; set REDIS_PREFIX (letters, digits, '_', '.', '-')");
    }

    /// <summary>How detections are grouped into security events (SPEC.md §1 Batching).</summary>
    public Hsi.Domain.SecurityEvents.BatchSettings BatchSettings => new(
        TimeSpan.FromSeconds(BatchWindowSeconds), TimeSpan.FromSeconds(BatchIdleTimeoutSeconds), BatchMaxDetections,
        FastPathConfidenceThreshold, new HashSet<string>(FastPathObjectTypes, StringComparer.OrdinalIgnoreCase));

    /// <summary>How detections are linked into tracks (TRACK_MAX_GAP_SECONDS).</summary>
    public Hsi.Domain.Tracks.TrackerSettings TrackerSettings => new(TimeSpan.FromSeconds(TrackMaxGapSeconds));

    /// <summary>The run-time settings as the environment sets them, before any <c>PATCH /api/system/config</c>.</summary>
    public Hsi.Domain.SystemConfig.RuntimeSettings RuntimeDefaults => new(
        RetentionDays, LogRetentionDays, BatchWindowSeconds, BatchIdleTimeoutSeconds, DetectionConfidenceThreshold, FastPathConfidenceThreshold);

    internal static int ParseDays(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 365
            ? n
            : throw new InvalidOperationException($"{key}: '{value}' must be a whole number of days, 1 to 365");

    private static double Fraction(double value, string key) =>
        value is > 0 and <= 1 ? value : throw new InvalidOperationException($"{key}: must be greater than 0 and at most 1, not {value}");

    private static double Within(double value, double min, double max, string key) =>
        value >= min && value <= max ? value : throw new InvalidOperationException($"{key}: must be from {min} to {max}, not {value}");

    private static double Percent(double value, string key) =>
        value is >= 0 and < 100 ? value : throw new InvalidOperationException($"{key}: must be at least 0 and below 100, not {value}");

    private static double Positive(double value, string key) =>
        value > 0 ? value : throw new InvalidOperationException($"{key}: must be greater than 0, not {value}");

    internal static ClusterRole ParseRole(string value) => value.ToLowerInvariant() switch
    {
        "all" => ClusterRole.All,
        "api" => ClusterRole.Api,
        "worker" => ClusterRole.Worker,
        _ => throw new InvalidOperationException($"HSI_ROLE: '{value}' is not a role (all, api, worker)"),
    };

    /// <summary>RISK_ANALYZER: <c>rules</c> or <c>llm</c>; the LLM one cannot start without a server and a model to ask.</summary>
    internal static string ParseRiskAnalyzer(string value, string? llmUrl, string? llmModel)
    {
        var analyzer = value.ToLowerInvariant();
        if (analyzer is not ("rules" or "llm"))
            throw new InvalidOperationException($"RISK_ANALYZER: '{value}' is not an analyzer (rules, llm)");
        if (analyzer == "llm" && !Uri.TryCreate(llmUrl?.Trim(), UriKind.Absolute, out _))
            throw new InvalidOperationException($"RISK_ANALYZER=llm needs LLM_URL, the server's absolute URL (e.g. http://127.0.0.1:8080); got '{llmUrl}'");
        if (analyzer == "llm" && string.IsNullOrWhiteSpace(llmModel))
            throw new InvalidOperationException("RISK_ANALYZER=llm needs LLM_MODEL, the model name the server knows");
        return analyzer;
    }

    internal static string ParseMqttUrl(string? value) =>
        value is null ? ""
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "mqtt" or "mqtts" && uri.Host.Length > 0 ? value
        : throw new InvalidOperationException($"MQTT_URL: '{value}' must be mqtt://host[:port] or mqtts://host[:port]");

    /// <summary>One or more topic levels without wildcards, so every topic built on it is a valid topic name.</summary>
    internal static string ParseMqttTopicPrefix(string value) =>
        value.Trim('/') is { Length: > 0 and <= 64 } prefix && !prefix.Any(c => c is '+' or '#' or '\0') && !prefix.Contains("//") ? prefix
        : throw new InvalidOperationException($"MQTT_TOPIC_PREFIX: '{value}' must be 1-64 characters of topic levels without + or #");

    internal static int ParseAtLeast(string value, string key, int least) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= least
            ? n
            : throw new InvalidOperationException($"{key}: '{value}' must be a whole number, {least} or more");

    internal static double ParseSecondsAtLeast(string value, string key, double least) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= least && double.IsFinite(n) && n <= 86_400
            ? n
            : throw new InvalidOperationException($"{key}: '{value}' must be a number of seconds, {least.ToString(CultureInfo.InvariantCulture)} to 86400");

    internal static int ParseCount(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new InvalidOperationException($"{key}: '{value}' must be a whole number, 0 or more");

    /// <summary>WEBHOOK_URL must be a target a webhook may reach (<see cref="Notifications.WebhookTarget"/>).</summary>
    internal static string? ParseWebhookUrl(string? value, bool allowPrivate) =>
        value is null || Notifications.WebhookTarget.Validate(value, allowPrivate) is not { } problem
            ? value
            : throw new InvalidOperationException($"WEBHOOK_URL: {problem}");

    internal static int ParsePort(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535
            ? n
            : throw new InvalidOperationException($"{key}: '{value}' must be a port number, 1 to 65535");

    internal static bool ParseBool(string value, string key) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new InvalidOperationException($"{key}: '{value}' is not a boolean (true/false)"),
    };

    /// <summary>A JSON list (<c>["a","b"]</c>) or, for convenience, a comma-separated one.</summary>
    internal static IReadOnlyList<string> ParseList(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var trimmed = value.Trim();
        if (!trimmed.StartsWith('['))
            return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            return JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{key} must be a JSON list of strings: {ex.Message}");
        }
    }

    /// <summary>Accepts <c>postgresql://user:pass@host:port/db</c> or an Npgsql connection string.</summary>
    internal static string ToNpgsql(string databaseUrl)
    {
        if (!databaseUrl.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !databaseUrl.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new NpgsqlConnectionStringBuilder(databaseUrl).ConnectionString;

        var uri = new Uri(databaseUrl);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ConnectionString;
    }

    /// <summary>A list of addresses (<c>10.0.0.1</c>) or networks (<c>10.0.0.0/8</c>), JSON or comma-separated.</summary>
    internal static IReadOnlyList<IPNetwork> ParseNetworks(string? value, string key) =>
        ParseList(value, key).Select(entry =>
            IPNetwork.TryParse(entry, out var network) ? network
            : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
            : throw new InvalidOperationException($"{key}: '{entry}' is not an IP address or network")).ToList();

    internal static double ParsePositive(string value, string key) =>
        ParseDouble(value, key) is var d && d > 0 ? d : throw new InvalidOperationException($"{key}: '{value}' must be above 0");

    internal static double ParseDouble(string value, string key) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new InvalidOperationException($"{key}: '{value}' is not a number");
}
