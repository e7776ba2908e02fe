using JasperFx.Resources;
using Npgsql;
using StackExchange.Redis;

namespace Hsi.Api.Infrastructure;

/// <summary>What every area shares: the settings, the clock, PostgreSQL, Redis and the one write path.</summary>
public static class InfrastructureModule
{
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder, HsiSettings settings)
    {
        // Request-by-request framework chatter drowns the pipeline's own log lines.
        foreach (var noisy in new[] { "Microsoft.AspNetCore", "Wolverine", "Marten", "JasperFx", "Weasel" })
            builder.Logging.AddFilter(noisy, LogLevel.Warning);
        // Marten's command log repeats, with its stack, every failure its caller already sees and answers (a lost race is a 409).
        builder.Logging.AddFilter("Marten.IDocumentStore", LogLevel.None);
        // A failed start is reported once, in one line, by Program.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(settings.NpgsqlConnectionString));
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Parse(settings.RedisUrl)));
        builder.AddEventStore(settings);
        builder.Services.AddResourceSetupOnStartup();
        builder.Services.AddSingleton<CommandSender>();
        builder.Services.AddSingleton<EventStreamWriter>();
        return builder;
    }
}
