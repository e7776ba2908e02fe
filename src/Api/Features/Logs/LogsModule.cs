using Npgsql;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Hsi.Api.Features.Logs;

/// <summary>
/// Application log lines at Information and above go, besides the console, to the log table
/// (<see cref="LogTable"/>) through Serilog's batching sink, served by <c>/api/logs</c>. Serilog is one
/// more logging provider: the console and every other provider log as they did.
/// </summary>
public static class LogsModule
{
    public static WebApplicationBuilder AddLogs(this WebApplicationBuilder builder, HsiSettings settings)
    {
        // A pool of its own, small and quick to give up, so logging neither waits on nor starves the application's connections.
        var pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.NpgsqlConnectionString)
        {
            MaxPoolSize = 2, Timeout = 5, CommandTimeout = 15, ApplicationName = "hsi-logs",
        }.ConnectionString);
        var backlog = new LogTableBacklog(settings.LogDbQueueLimit);
        // Added as a plain provider (not AddSerilog, whose own rule would exempt it), so the API's level filters apply to it as to the console.
        builder.Logging.Services.AddSingleton<ILoggerProvider>(new SerilogLoggerProvider(TableLogger(pool, backlog), dispose: true));

        builder.Services.AddSingleton<LogTable>();
        builder.Services.AddHostedService<LogTableUpkeep>();
        return builder;
    }

    /// <summary>
    /// The Serilog pipeline into the log table: admitted by <paramref name="backlog"/>, batched by
    /// Serilog, written by <see cref="LogTableSink"/> over <paramref name="pool"/> (which it then owns).
    /// </summary>
    internal static Serilog.Core.Logger TableLogger(NpgsqlDataSource pool, LogTableBacklog backlog)
    {
        var batching = new BatchingOptions
        {
            BatchSizeLimit = 500,
            BufferingTimeLimit = TimeSpan.FromSeconds(1),
            QueueLimit = backlog.Limit,
            // Retried with back-off while the database is away, then dropped (and counted): the queue stays bounded.
            RetryTimeLimit = TimeSpan.FromMinutes(2),
        };
        var tableSink = LoggerSinkConfiguration.Wrap(
            queue => new LogTableBacklog.Admission(queue, backlog),
            to => to.Fallible(f => f.Sink(new LogTableSink(pool, backlog), batching), backlog));
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Sink(tableSink, LogEventLevel.Information)
            .CreateLogger();
    }
}
