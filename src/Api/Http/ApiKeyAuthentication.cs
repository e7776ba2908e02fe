using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hsi.Api.Http;

/// <summary>
/// The API key as an ASP.NET authentication scheme (SPEC.md §5): <c>X-API-Key</c> header or
/// <c>api_key</c> query. Endpoints need an authenticated caller unless they allow anonymous
/// access (probes, docs); metrics and WebSockets are not behind it (WebSockets check the key
/// themselves so they can close with 1008). With API_KEY_ENABLED=false every caller is let in.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-API-Key";
    public const string QueryParameter = "api_key";
    public const string MissingMessage = "API key required: send it in the X-API-Key header or the api_key query parameter";
    public const string InvalidMessage = "Invalid API key";

    private static readonly ClaimsPrincipal Caller = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!validator.Enabled) return Task.FromResult(Success());
        var key = PresentedKey(Request);
        if (string.IsNullOrEmpty(key)) return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(validator.IsValid(key) ? Success() : AuthenticateResult.Fail(InvalidMessage));
    }

    /// <summary>The key a request presents: the header's, else the query parameter's.</summary>
    public static string? PresentedKey(HttpRequest request) =>
        request.Headers[Header].FirstOrDefault() ?? request.Query[QueryParameter].FirstOrDefault();

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(Header) || Request.Query.ContainsKey(QueryParameter);
        return Context.SendDetail(StatusCodes.Status401Unauthorized, presented ? InvalidMessage : MissingMessage);
    }

    private static AuthenticateResult Success() => AuthenticateResult.Success(new AuthenticationTicket(Caller, SchemeName));
}
