using FastEndpoints;
using Hsi.Api;
using FastEndpoints.Swagger;
using Hsi.Api.Configuration;
using Hsi.Api.Features.AiAudit;
using Hsi.Api.Features.Cameras;
using Hsi.Api.Features.Operations;
using Hsi.Api.Http;
using Hsi.Api.Features.Detections;
using Hsi.Api.Infrastructure;
using Hsi.Api.Ingest;
using Hsi.Api.Jobs;
using Hsi.Api.Realtime;
using Hsi.Inference.Detection;
using Hsi.Inference.Handlers;
using Hsi.Inference.Media;
using JasperFx;
using JasperFx.Resources;
using Npgsql;
using Prometheus;
using StackExchange.Redis;

if (StartupChecks.WantsHelp(args))
{
    Console.WriteLine(StartupChecks.Usage);
    return 0;
}
if (args is ["check-model", var modelPath, .. var expect])
    return ModelCheck.Run(modelPath, expect.ElementAtOrDefault(0), expect.ElementAtOrDefault(1));

var builder = WebApplication.CreateBuilder(args);
HsiSettings settings;
try
{
    settings = HsiSettings.From(builder.Configuration);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"Cannot start: {ex.Message}");
    return 1;
}
if (await StartupChecks.DatabaseProblemAsync(settings) is { } databaseProblem)
{
    Console.Error.WriteLine($"Cannot start: {databaseProblem}");
    return 1;
}
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://0.0.0.0:8000");
// The largest body anything accepts; RequestBodyLimits holds each request to its own, smaller, limit.
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodyLimits.UploadBodyBytes(settings));
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f => f.MultipartBodyLengthLimit = RequestBodyLimits.UploadBodyBytes(settings));

// Request-by-request framework chatter drowns the pipeline's own log lines.
foreach (var noisy in new[] { "Microsoft.AspNetCore", "Wolverine", "Marten", "JasperFx", "Weasel" })
    builder.Logging.AddFilter(noisy, LogLevel.Warning);
// Marten's command log repeats, with its stack, every failure its caller already sees and answers (a lost race is a 409).
builder.Logging.AddFilter("Marten.IDocumentStore", LogLevel.None);
// A failed start is reported once, in one line, below.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NpgsqlDataSource.Create(settings.NpgsqlConnectionString));
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Parse(settings.RedisUrl)));

builder.AddEventStore(settings);
builder.AddSystemMaintenance();
builder.Services.AddResourceSetupOnStartup();

builder.Services.AddSingleton<ApiKeyValidator>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddSingleton<ExportSlots>();
builder.Services.AddSingleton<CameraFolders>();
builder.Services.AddSingleton(new CameraFileAccess(settings.CameraRoot, settings.MaxMediaBytes));
builder.AddSystemOperations(settings);

builder.Services.AddSingleton(new DetectorOptions(
    settings.DetectorModelPath,
    ModelFamilies.Parse(settings.DetectorModelFamily),
    DetectorOptions.ParseDevice(settings.DetectorDevice),
    MaxImagePixels: settings.MaxImagePixels));
builder.Services.AddSingleton<DetectorHost>();
builder.Services.AddSingleton(new AnalysisSettings(settings.VideoSampleFps, settings.VideoMaxFrames));
builder.Services.AddRiskAnalyzer(settings);
builder.Services.AddAiAudit();
builder.Services.AddSingleton<MediaFiles>();

builder.Services.AddSingleton(settings.BatchSettings);
builder.Services.AddSingleton<CommandSender>();
builder.Services.AddSingleton<EventStreamWriter>();
builder.Services.AddSingleton<CameraCommands>();
builder.Services.AddSingleton<Hsi.Api.Features.Calibration.CalibrationCommands>();
builder.Services.AddSingleton<MediaDeduplicator>();
builder.Services.AddSingleton<MediaIngest>();
builder.Services.AddSingleton<MediaAcceptance>();
builder.Services.AddSingleton<CameraResolver>();
builder.Services.AddHostedService<CameraFolderWatcher>();

builder.Services.AddSingleton<RealtimeHub>();
builder.Services.AddSingleton<WebSocketConnections>();
builder.Services.AddSingleton<RealtimeFanout>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RealtimeFanout>());
builder.AddJobs();

builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
{
    if (settings.CorsOrigins.Count > 0) p.WithOrigins([.. settings.CorsOrigins]).AllowAnyHeader().AllowAnyMethod();
}));
builder.Services.AddFastEndpoints().SwaggerDocument(o =>
{
    o.ShortSchemaNames = false;
    o.AutoTagPathSegmentIndex = 0;
    o.RemoveEmptyRequestSchema = true;
    o.EnableJWTBearerAuth = false;
    o.SerializerSettings = json => JsonDefaults.Configure(json);
    o.DocumentSettings = s =>
    {
        s.SchemaSettings.SchemaNameGenerator = new OpenApiConventions.SchemaNames();
        s.SchemaSettings.SchemaProcessors.Add(new SnakeCaseEnumSchemas());
        s.SchemaSettings.SchemaProcessors.Add(new NullableReferences());
        s.OperationProcessors.Add(new OptionalQueryParameters());
        s.OperationProcessors.Add(new FileResponses());
        FileResponses.MapStreams(s.SchemaSettings);
        s.AddAuth(ApiKeyAuthentication.SchemeName, new NSwag.OpenApiSecurityScheme
        {
            Type = NSwag.OpenApiSecuritySchemeType.ApiKey,
            Name = ApiKeyAuthentication.Header,
            In = NSwag.OpenApiSecurityApiKeyLocation.Header,
            Description = "Required when API_KEY_ENABLED=true; the api_key query parameter works too",
        });
        s.DocumentName = "v1";
        s.Title = "Home Security Intelligence";
        s.Version = "v1";
        s.Description = "Camera folders → object detection → security events, served over REST and WebSocket.";
    };
});

var app = builder.Build();

// A detector that cannot exist (DETECTOR_DEVICE=cuda without CUDA) stops start-up with the reason;
// a model that is merely missing does not: health says why and media waits for it.
try
{
    app.Services.GetRequiredService<DetectorHost>().LoadAtStartup();
}
catch (DetectorDeviceException ex)
{
    app.Logger.LogCritical("Cannot start: {Reason}", ex.Message);
    return 1;
}

app.UseSpecErrorShape();
app.UseMiddleware<RequestBodyLimits>();
app.UseMiddleware<RejectUnstorableText>();
app.UseCors();
app.UseHttpMetrics();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseSystemOperations(settings);
// After UseWebSockets, so a socket is known as one and its endpoint can close it with 1008.
app.UseAuthentication();
app.UseAuthorization();
app.MapRealtimeTopic("/ws/detections", LiveMessages.DetectionsTopic);
app.MapRealtimeTopic("/ws/events", LiveMessages.EventsTopic);
app.MapJobs();
app.UseFastEndpoints(c =>
{
    JsonDefaults.Configure(c.Serializer.Options);
    RequestInput.MakeStrict(c.Serializer.Options);
    RequestInput.Configure(c.Binding);
    c.Binding.UsePropertyNamingPolicy = true;
    c.Endpoints.NameGenerator = ctx => OpenApiConventions.OperationIdOf(ctx.EndpointType, ctx.HttpVerb);
    c.Endpoints.Configurator = ep => ep.Description(b => b.WithTags(OpenApiConventions.TagOf(ep.EndpointType)));
    c.Binding.JsonExceptionStatusCode = StatusCodes.Status422UnprocessableEntity;
    c.Binding.JsonExceptionTransformer = ErrorResponses.FromJsonException;
    c.Errors.StatusCode = StatusCodes.Status422UnprocessableEntity;
    c.Errors.ContentType = "application/json";
    c.Errors.ProducesMetadataType = typeof(ValidationErrorResponse);
    c.Errors.ResponseBuilder = (failures, ctx, _) => ErrorResponses.FromFailures(failures, ctx);
});
app.UseSwaggerGen(
    doc => doc.Path = "/openapi.json",
    ui =>
    {
        ui.Path = "/docs";
        ui.DocumentPath = "/openapi.json";
    });
app.MapReDoc();
if (settings.BenchEndpoints) app.MapDirectEventList();
app.MapMetrics("/metrics");
app.MapMetrics("/api/metrics");

// A JasperFx command (`projections --rebuild`, `db-apply`, ...) runs against this composition and exits; no arguments serves.
if (JasperFxCommandLine.IsCommand(args)) return await app.RunJasperFxCommands(JasperFxCommandLine.Normalize(args));
try
{
    await app.RunAsync();
}
catch (Exception ex) when (StartupChecks.Explain(ex) is { } reason)
{
    Console.Error.WriteLine($"Cannot start: {reason}");
    return 1;
}
return 0;

public partial class Program;
