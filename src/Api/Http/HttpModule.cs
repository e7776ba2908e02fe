using FastEndpoints.Swagger;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace Hsi.Api.Http;

/// <summary>The HTTP surface: listening, body limits, CORS, the API key scheme, FastEndpoints and the OpenAPI document.</summary>
public static class HttpModule
{
    public static WebApplicationBuilder AddHttp(this WebApplicationBuilder builder, HsiSettings settings)
    {
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls("http://0.0.0.0:8000");
        // The largest body anything accepts; RequestBodyLimits holds each request to its own, smaller, limit.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodyLimits.UploadBodyBytes(settings));
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = RequestBodyLimits.UploadBodyBytes(settings));

        builder.Services.AddSingleton<ApiKeyValidator>();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<ExportSlots>();
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
                s.OperationProcessors.Add(new OperatorApiKeyQuery());
                s.DocumentProcessors.Add(new RequiredResponseProperties());
                s.OperationProcessors.Add(new FileResponses());
                s.OperationProcessors.Add(new DocumentedBodies());
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
        return builder;
    }

    /// <summary>First in the pipeline: the error shape, then what refuses a request before any endpoint reads it.</summary>
    public static WebApplication UseRequestGuards(this WebApplication app)
    {
        app.UseSpecErrorShape();
        app.UseMiddleware<RequestBodyLimits>();
        app.UseMiddleware<RejectUnstorableText>();
        app.UseCors();
        app.UseHttpMetrics();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app;
    }

    /// <summary>After UseWebSockets, so a socket is known as one and its endpoint can close it with 1008.</summary>
    public static WebApplication UseApiKeyAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The REST endpoints with their binding, error and naming conventions, and the OpenAPI document, Swagger UI and ReDoc.</summary>
    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        var role = app.Services.GetRequiredService<HsiSettings>().Role;
        app.UseFastEndpoints(c =>
        {
            // A worker maps only its probes and the cluster view: the rest need what only API nodes run (jobs, the daemon).
            if (!role.ServesClients()) c.Endpoints.Filter = ep => ep.Routes.All(r => WorkerSurface.Paths.Contains(r, StringComparer.OrdinalIgnoreCase));
            JsonDefaults.Configure(c.Serializer.Options);
            RequestInput.MakeStrict(c.Serializer.Options);
            RequestInput.Configure(c.Binding);
            c.Binding.UsePropertyNamingPolicy = true;
            c.Endpoints.NameGenerator = ctx => OpenApiConventions.OperationIdOf(ctx.EndpointType, ctx.HttpVerb, ctx.RouteNumber);
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
        return app;
    }
}
