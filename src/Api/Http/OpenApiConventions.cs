using NJsonSchema.Generation;

namespace Hsi.Api.Http;

/// <summary>
/// Names in the OpenAPI document fit for generating a client: one tag per area, operation ids
/// and schema names made of the area and the use case (<c>CamerasCreate</c>,
/// <c>CamerasCreateRequest</c>), never <c>Request15</c>. The area and use case come from where the
/// endpoint lives: <c>Hsi.Api.Features.{Area}.{UseCase}</c>.
/// </summary>
public static class OpenApiConventions
{
    private const string FeaturesNamespace = "Hsi.Api.Features.";

    /// <summary>The area's tag; operational endpoints (health, metrics) are "System".</summary>
    public static string TagOf(Type endpointType) => AreaOf(endpointType) switch
    {
        null or "Operations" => "System",
        var area => area,
    };

    /// <summary>
    /// The use case's name; a second verb on the same use case (HEAD beside GET) is named after it, and a second
    /// route (an alias) gets its number.
    /// </summary>
    public static string OperationIdOf(Type endpointType, string? verb, int? routeNumber = null)
    {
        var name = UseCaseOf(endpointType) is { } useCase ? AreaOf(endpointType) + useCase : endpointType.Name;
        if (routeNumber is > 1) name += routeNumber;
        return verb is null or "GET" or "POST" or "PUT" or "PATCH" or "DELETE" ? name : name + verb[0] + verb[1..].ToLowerInvariant();
    }

    // The security-events area is served as "events" (/api/events), so its tag and ids say Events.
    private static string? AreaOf(Type type) => Segments(type) is [var area, ..] ? (area == "SecurityEvents" ? "Events" : area) : null;

    // A use case a level deeper (Operations.CircuitBreakers.Reset) is named by both levels.
    private static string? UseCaseOf(Type type) => Segments(type) is [_, _, ..] segments ? string.Concat(segments[1..]) : null;

    private static string[] Segments(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(FeaturesNamespace, StringComparison.Ordinal)
            ? ns[FeaturesNamespace.Length..].Split('.')
            : [];

    /// <summary>Use-case types named only <c>Request</c>/<c>Response</c> get their area and use case in front.</summary>
    public sealed class SchemaNames : DefaultSchemaNameGenerator
    {
        public override string Generate(Type type) =>
            type.Name is "Request" or "Response" && UseCaseOf(type) is { } useCase
                ? AreaOf(type) + useCase + type.Name
                : base.Generate(type);
    }
}

/// <summary>Enum values in the document as clients send and receive them: snake_case (<c>online</c>, not <c>Online</c>).</summary>
public sealed class SnakeCaseEnumSchemas : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        if (!context.ContextualType.Type.IsEnum) return;
        var names = Enum.GetNames(context.ContextualType.Type).Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)).ToList();
        context.Schema.Enumeration.Clear();
        context.Schema.EnumerationNames.Clear();
        foreach (var name in names)
        {
            context.Schema.Enumeration.Add(name);
            context.Schema.EnumerationNames.Add(name);
        }
    }
}

/// <summary>
/// Every query parameter of this API has a default (limit 50, offset 0, full false), so none is
/// required; FastEndpoints marks non-nullable ones required, which generated clients then insist on.
/// </summary>
public sealed class OptionalQueryParameters : NSwag.Generation.Processors.IOperationProcessor
{
    public bool Process(NSwag.Generation.Processors.Contexts.OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        foreach (var parameter in operation.Parameters.Where(p => p.Kind == NSwag.OpenApiParameterKind.Query))
        {
            parameter.IsRequired = false;
            if (parameter.Schema is { } schema) NullableReferences.Type(schema);
        }
        // Anonymous operations say so explicitly (an empty requirement), so every operation declares its security.
        if (operation.Security is null || operation.Security.Count == 0)
            operation.Security = [new NSwag.OpenApiSecurityRequirement()];
        return true;
    }
}

/// <summary>
/// A schema with <c>nullable</c> but no <c>type</c> (a lone <c>oneOf</c>/<c>allOf</c> $ref, or an
/// untyped value) gets one, as OpenAPI 3.0 wants a <c>type</c> next to <c>nullable</c>.
/// </summary>
public sealed class NullableReferences : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        foreach (var property in context.Schema.Properties.Values) Type(property);
    }

    public static void Type(NJsonSchema.JsonSchema schema)
    {
        if (schema.IsNullableRaw is null || schema.Type != NJsonSchema.JsonObjectType.None) return;
        // A lone reference takes its target's type; an untyped value (an open object) is an object.
        var target = schema.OneOf.Concat(schema.AllOf).SingleOrDefault()?.ActualSchema;
        schema.Type = target is { IsEnumeration: true } ? NJsonSchema.JsonObjectType.String : NJsonSchema.JsonObjectType.Object;
    }
}

/// <summary>Marks an endpoint whose 200 is also served as CSV (the export's default format).</summary>
public sealed class ProducesCsv;

/// <summary>
/// The body an endpoint documents when it reads a raw JSON object itself (to tell an absent key from a null
/// one): the generated client then sends a typed body instead of an untyped <c>{}</c>.
/// </summary>
public sealed record DocumentedBody(Type Schema);

public sealed class DocumentedBodies : NSwag.Generation.Processors.IOperationProcessor
{
    public bool Process(NSwag.Generation.Processors.Contexts.OperationProcessorContext context)
    {
        var metadata = (context as NSwag.Generation.AspNetCore.AspNetCoreOperationProcessorContext)?.ApiDescription.ActionDescriptor.EndpointMetadata ?? [];
        if (metadata.OfType<DocumentedBody>().FirstOrDefault() is { } documented && context.OperationDescription.Operation.RequestBody is { } body)
        {
            var schema = context.SchemaGenerator.GenerateWithReferenceAndNullability<NJsonSchema.JsonSchema>(
                Namotion.Reflection.ContextualTypeExtensions.ToContextualType(documented.Schema), false, context.SchemaResolver);
            foreach (var media in body.Content.Values) media.Schema = schema;
        }
        return true;
    }
}

/// <summary>Files (images, clips) are binary strings in the document, and CSV alternatives are listed beside JSON.</summary>
public sealed class FileResponses : NSwag.Generation.Processors.IOperationProcessor
{
    public static void MapStreams(JsonSchemaGeneratorSettings settings) =>
        settings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(Stream), schema =>
        {
            schema.Type = NJsonSchema.JsonObjectType.String;
            schema.Format = "binary";
        }));

    public bool Process(NSwag.Generation.Processors.Contexts.OperationProcessorContext context)
    {
        var metadata = (context as NSwag.Generation.AspNetCore.AspNetCoreOperationProcessorContext)?.ApiDescription.ActionDescriptor.EndpointMetadata ?? [];
        if (metadata.OfType<ProducesCsv>().Any() && context.OperationDescription.Operation.Responses.TryGetValue("200", out var ok))
            ok.Content["text/csv"] = new NSwag.OpenApiMediaType { Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String } };
        return true;
    }
}

/// <summary>
/// Response bodies always carry every property (nulls are written, never left out), so each property of a
/// schema that only responses use is <c>required</c>: a generated client then types an <c>id</c> as a number,
/// not <c>number | undefined</c>. A schema a request also uses keeps what its validators require, so an
/// optional request field stays optional. (A <c>fields=</c> selection returns fewer properties on purpose.)
/// </summary>
public sealed class RequiredResponseProperties : NSwag.Generation.Processors.IDocumentProcessor
{
    public void Process(NSwag.Generation.Processors.Contexts.DocumentProcessorContext context)
    {
        var inResponses = new HashSet<NJsonSchema.JsonSchema>();
        var inRequests = new HashSet<NJsonSchema.JsonSchema>();
        foreach (var operation in context.Document.Paths.Values.SelectMany(p => p.Values))
        {
            foreach (var response in operation.Responses.Values)
                foreach (var media in response.Content.Values)
                    Collect(media.Schema, inResponses);
            foreach (var parameter in operation.Parameters)
                Collect(parameter.Schema, inRequests);
            if (operation.RequestBody is { } body)
                foreach (var media in body.Content.Values)
                    Collect(media.Schema, inRequests);
        }
        foreach (var schema in inResponses.Where(s => !inRequests.Contains(s)))
            foreach (var property in schema.Properties.Values)
                property.IsRequired = true;
    }

    private static void Collect(NJsonSchema.JsonSchema? schema, HashSet<NJsonSchema.JsonSchema> seen)
    {
        if (schema is null) return;
        var actual = schema.ActualSchema;
        if (!seen.Add(actual)) return;
        foreach (var property in actual.Properties.Values) Collect(property, seen);
        Collect(actual.Item, seen);
        Collect(actual.AdditionalPropertiesSchema, seen);
        foreach (var s in actual.AllOf.Concat(actual.OneOf).Concat(actual.AnyOf)) Collect(s, seen);
        if (!ReferenceEquals(actual, schema))
            foreach (var s in schema.AllOf.Concat(schema.OneOf)) Collect(s, seen);
    }
}

/// <summary>
/// The operator's changes (a dead-letter queue, a circuit breaker reset, a worker restart) name the <c>api_key</c> query
/// parameter, as the contract's clients send it there; the key is accepted there on every operation.
/// </summary>
public sealed class OperatorApiKeyQuery : NSwag.Generation.Processors.IOperationProcessor
{
    private static readonly string[] Prefixes = ["/api/dlq/", "/api/system/circuit-breakers/", "/api/system/supervisor/"];

    public bool Process(NSwag.Generation.Processors.Contexts.OperationProcessorContext context)
    {
        var description = context.OperationDescription;
        if (!Prefixes.Any(p => description.Path.StartsWith(p, StringComparison.Ordinal))
            || description.Method is not ("post" or "delete")) return true;
        var parameter = new NSwag.OpenApiParameter
        {
            Name = ApiKeyAuthentication.QueryParameter,
            Kind = NSwag.OpenApiParameterKind.Query,
            IsRequired = false,
            Description = "The API key, when it is not sent in the X-API-Key header",
            Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String, IsNullableRaw = true },
        };
        description.Operation.Parameters.Add(parameter);
        return true;
    }
}
