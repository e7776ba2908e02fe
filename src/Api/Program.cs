using FastEndpoints;
using FastEndpoints.Swagger;
using Hsi.Api.Configuration;
using Hsi.Api.Features.Cameras;
using Hsi.Api.Features.System.Health;
using Hsi.Api.Http;
using Hsi.Api.Infrastructure;
using JasperFx.Resources;
using Npgsql;
using Prometheus;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
var settings = HsiSettings.From(builder.Configuration);
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://0.0.0.0:8000");

// Request-by-request framework chatter drowns the pipeline's own log lines.
foreach (var noisy in new[] { "Microsoft.AspNetCore", "Wolverine", "Marten", "JasperFx", "Weasel" })
    builder.Logging.AddFilter(noisy, LogLevel.Warning);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NpgsqlDataSource.Create(settings.NpgsqlConnectionString));
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Parse(settings.RedisUrl)));

builder.AddEventStore(settings);
builder.Services.AddResourceSetupOnStartup();

builder.Services.AddSingleton<ApiKeyValidator>();
builder.Services.AddSingleton<CameraFolders>();
builder.Services.AddSingleton<IHealthProbe, DatabaseProbe>();
builder.Services.AddSingleton<IHealthProbe, RedisProbe>();
builder.Services.AddSingleton<AiHealth>();

builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
{
    if (settings.CorsOrigins.Count > 0) p.WithOrigins([.. settings.CorsOrigins]).AllowAnyHeader().AllowAnyMethod();
}));
builder.Services.AddFastEndpoints().SwaggerDocument(o =>
{
    o.ShortSchemaNames = true;
    o.DocumentSettings = s =>
    {
        s.DocumentName = "v1";
        s.Title = "Home Security Intelligence";
        s.Version = "v1";
        s.Description = "Camera folders → object detection → security events, served over REST and WebSocket.";
    };
});

var app = builder.Build();

app.UseSpecErrorShape();
app.UseCors();
app.UseMiddleware<ApiKeyMiddleware>();
app.UseHttpMetrics();
app.UseFastEndpoints(c =>
{
    JsonDefaults.Configure(c.Serializer.Options);
    c.Binding.UsePropertyNamingPolicy = true;
    c.Binding.JsonExceptionStatusCode = StatusCodes.Status422UnprocessableEntity;
    c.Binding.JsonExceptionTransformer = ErrorResponses.FromJsonException;
    c.Errors.StatusCode = StatusCodes.Status422UnprocessableEntity;
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
app.UseReDoc(r =>
{
    r.Path = "/redoc";
    r.DocumentPath = "/openapi.json";
});
app.MapMetrics("/metrics");
app.MapMetrics("/api/metrics");

app.Run();

public partial class Program;
