using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Hsi.Api.Http;

/// <summary>
/// The last line of defence: every unhandled exception becomes a <c>{"detail"}</c> body, never
/// a stack trace; write conflicts that only the database can see become 409.
/// </summary>
public static class ErrorHandling
{
    public static void UseSpecErrorShape(this WebApplication app)
    {
        var errorApp = ((IApplicationBuilder)app).New();
        errorApp.Run(async ctx =>
        {
            var error = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, detail) = Classify(error);
            if (status == StatusCodes.Status413PayloadTooLarge && RequestBodyLimits.LimitMessage(ctx) is { } limit) detail = limit;
            if (status >= 500)
                app.Logger.LogError(error, "Unhandled error on {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            else
                app.Logger.LogInformation("{Method} {Path} refused with {Status}: {Detail}", ctx.Request.Method, ctx.Request.Path, status, detail);
            await ctx.SendDetail(status, detail);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = errorApp.Build(),
            // An expected refusal (a conflict, a body too large) is one line above, not the middleware's stack trace at error level.
            SuppressDiagnosticsCallback = c => Classify(c.Exception).Status < 500,
        });

        // Bodyless 404/405 from routing get the same shape.
        app.UseStatusCodePages(async ctx =>
        {
            var response = ctx.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null) return;
            var detail = response.StatusCode switch
            {
                404 => "Not Found",
                405 => "Method Not Allowed",
                415 => "Unsupported Media Type",
                _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode),
            };
            await ctx.HttpContext.SendDetail(response.StatusCode, detail);
        });
    }

    internal static (int Status, string Detail) Classify(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException:
                    return (409, "It already exists (created concurrently by another request)");
                case EventStreamUnexpectedMaxEventIdException or ConcurrencyException:
                    return (409, "It was changed concurrently by another request; retry");
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return (409, "It conflicts with an existing record (unique value already taken)");
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException }:
                    return (503, "Database unavailable");
                case BadHttpRequestException bad:
                    return (bad.StatusCode, bad.Message);
            }
        }
        return (500, "Internal server error");
    }
}
