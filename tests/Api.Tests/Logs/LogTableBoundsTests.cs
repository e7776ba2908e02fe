using Hsi.Api.Features.Logs;
using Microsoft.Extensions.Logging;
using Npgsql;
using Serilog.Extensions.Logging;

namespace Hsi.Api.Tests.Logs;

/// <summary>A host whose log table keeps 5 rows, trimmed every second.</summary>
public sealed class SmallLogTableFixture : HostFixture
{
    public const int MaxRows = 5;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["LOG_DB_MAX_ROWS"] = MaxRows.ToString(),
        ["LOG_DB_TRIM_INTERVAL_SECONDS"] = "1",
    };
}

[CollectionDefinition(Name)]
public sealed class SmallLogTableCollection : ICollectionFixture<SmallLogTableFixture>
{
    public const string Name = "small-log-table";
}

[Collection(SmallLogTableCollection.Name)]
public class LogTableBoundsTests(SmallLogTableFixture app)
{
    [Fact]
    public async Task The_table_is_trimmed_to_LOG_DB_MAX_ROWS_keeping_the_newest()
    {
        var component = LogScenarios.NewComponent("bounded");
        for (var i = 1; i <= 12; i++) await app.Host.ReportAsync(component, $"line {i}");
        var firstId = (await app.Host.ItemsAsync($"component={component}&limit=1000")).Min(i => i!["id"]!.GetValue<long>());

        var total = await Eventually.GetAsync(async () => (await app.Host.GetJsonAsync("/api/logs?limit=1"))["pagination"]!["total"]!.GetValue<int>(),
            t => t <= SmallLogTableFixture.MaxRows, what: "the log table trimmed to 5 rows");
        Assert.InRange(total, 1, SmallLogTableFixture.MaxRows);
        await app.Host.GetJsonAsync($"/api/logs/{firstId}", status: 404);
    }
}

/// <summary>The sink's pipeline over a database that is not there: nothing waits on it, and what cannot be written is dropped and counted.</summary>
public class LogTableOutageTests
{
    [Fact]
    public async Task With_the_database_down_logging_neither_blocks_nor_queues_without_bound_and_drops_are_counted()
    {
        // Nothing listens on port 1: every batch fails at once.
        var pool = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=hsi;Password=hsi;Database=hsi;Timeout=2");
        var backlog = new LogTableBacklog(limit: 20);
        var droppedBefore = LogTableBacklog.DroppedTotal;
        var logger = LogsModule.TableLogger(pool, backlog);
        var factory = LoggerFactory.Create(b => b.AddProvider(new SerilogLoggerProvider(logger, dispose: true)));
        var log = factory.CreateLogger("Outage");
        await Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++) log.LogWarning("Line {N} while the database is down", i);
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(backlog.Waiting, 0, 20);
        var dropped = LogTableBacklog.DroppedTotal - droppedBefore;
        Assert.True(dropped >= 980, $"dropped {dropped} of 1000");
        // Shutting down tries the queue once more and lets go rather than waiting for the database.
        await Task.Run(factory.Dispose).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
