using Npgsql;

namespace Hsi.Api;

/// <summary>
/// What stops the API from starting, said in one line with a hint (exit code 1) instead of a
/// stack trace: a bad setting, a database it cannot reach or log in to, a port already taken.
/// </summary>
public static class StartupChecks
{
    public const string Usage = """
        Home Security Intelligence API

        usage:
          Hsi.Api                          start a node (ASPNETCORE_URLS, default http://0.0.0.0:8000) in its
                                           HSI_ROLE: all (default), api or worker
          Hsi.Api check-model PATH [FAMILY] [INPUT_SIZE]
                                           load an ONNX detector and check its family and input size
          Hsi.Api projections [--rebuild] [-p NAME] [--list]
                                           show or rebuild projections (Marten's command; JobView is only
                                           rebuilt here); other JasperFx commands: db-apply, db-assert,
                                           describe (`Hsi.Api describe`); a cluster applies the schema once,
                                           before its nodes start: HSI_ROLE=api Hsi.Api db-apply
          Hsi.Api --help                   this text

        Settings come from environment variables (DATABASE_URL, REDIS_URL, CAMERA_ROOT, DATA_DIR,
        DETECTOR_MODEL_PATH, API_KEY_ENABLED, ...): see the README's configuration table.
        """;

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "help" or "-?");

    /// <summary>The settings, or why they cannot be used: a bad value, or a database that does not answer.</summary>
    public static async Task<(HsiSettings? Settings, string? Problem)> SettingsAsync(IConfiguration configuration)
    {
        HsiSettings settings;
        try
        {
            settings = HsiSettings.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            return (null, ex.Message);
        }
        return await DatabaseProblemAsync(settings) is { } databaseProblem ? (null, databaseProblem) : (settings, null);
    }

    /// <summary>Why the database cannot be used, or null when a connection opens.</summary>
    public static async Task<string?> DatabaseProblemAsync(HsiSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.NpgsqlConnectionString) { Timeout = 5, Pooling = false };
        var where = $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"PostgreSQL refused the login of {where} ({ex.MessageText}); check the user and password in DATABASE_URL (ops/services creates hsi/hsi on loopback)";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return $"database {builder.Database} does not exist on {builder.Host}:{builder.Port}; create it or fix DATABASE_URL (ops/services creates it)";
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"cannot reach PostgreSQL at {builder.Host}:{builder.Port} ({ex.InnerException?.Message ?? ex.Message}); is it running? ops/services starts it";
        }
    }

    /// <summary>One line for a failure to start serving, or null when it is not one we can explain.</summary>
    public static string? Explain(Exception ex) =>
        ex is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException }
            ? $"{ex.Message.TrimEnd('.')}: another process (perhaps another HSI) is listening there; stop it or set ASPNETCORE_URLS to another port"
            : null;
}
