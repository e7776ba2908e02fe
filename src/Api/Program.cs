using Hsi.Api;
using Hsi.Api.Features.AiAudit;
using Hsi.Api.Features.Alerts;
using Hsi.Api.Features.Cameras;
using Hsi.Api.Features.Enrichment;
using Hsi.Api.Features.Entities;
using Hsi.Api.Features.Operations;
using Hsi.Api.Features.Properties;
using Hsi.Api.Features.SceneChanges;
using Hsi.Api.Features.Zones;
using Hsi.Api.Infrastructure;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Ingest;
using Hsi.Api.Notifications;
using Hsi.Api.Notifications.Mqtt;
using Hsi.Api.Features.Jobs;
using Hsi.Api.Features.Logs;
using Hsi.Api.Realtime;
using JasperFx;

if (StartupChecks.WantsHelp(args))
{
    Console.WriteLine(StartupChecks.Usage);
    return 0;
}
if (args is ["check-model", var modelPath, .. var expect])
    return ModelCheck.Run(modelPath, expect.ElementAtOrDefault(0), expect.ElementAtOrDefault(1));

var builder = WebApplication.CreateBuilder(args);
var (settings, problem) = await StartupChecks.SettingsAsync(builder.Configuration);
if (settings is null)
{
    Console.Error.WriteLine($"Cannot start: {problem}");
    return 1;
}

builder.AddInfrastructure(settings)      // settings, clock, PostgreSQL, Redis, event store, the write path
    .AddSystemMaintenance(settings)      // run-time config, retention, dead letters
    .AddLogs(settings)                   // log lines at Information and above also into a bounded table, for /api/logs
    .AddHttp(settings)                   // listening, body limits, CORS, API key, FastEndpoints + OpenAPI
    .AddSystemOperations(settings)       // health, GPU, metrics, rate limits, /ws/system
    .AddAnalysis(settings)               // detector, video sampling, batching, risk analyzer
    .AddAiAudit()
    .AddEnrichment(settings)             // the enrichment stage, its models and its replay job
    .AddCameras()
    .AddZones()
    .AddProperties()
    .AddSceneChanges()
    .AddEntities(settings)
    .AddIngest(settings)
    .AddRealtime()
    .AddNotifications()
    .AddMqtt(settings)                   // MQTT_URL: events, Home Assistant discovery, the mqtt alert channel
    .AddJobs(settings)
    .AddAlerts()
    .AddCluster(settings);                       // node reports: who is in the cluster, their GPUs and load

var app = builder.Build();
if (settings.Role.RunsModels() && app.LoadDetector() is { } detectorProblem)
{
    app.Logger.LogCritical("Cannot start: {Reason}", detectorProblem);
    return 1;
}

// The order is the pipeline's: guards, rate limits, authentication, then the endpoints.
app.UseRequestGuards()
    .UseWorkerSurface(settings.Role)    // a worker answers only its probes and metrics
    .UseDashboard()                     // the web shell and its assets, before rate limits and the API key
    .UseSystemOperations()
    .UseApiKeyAuthentication()
    .MapRealtime()
    .MapJobs()
    .MapApiEndpoints()
    .MapMetricsEndpoints();

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
