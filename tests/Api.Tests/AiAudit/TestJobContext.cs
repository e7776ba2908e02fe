using System.Text.Json;
using Hsi.Api.Http;
using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Tests.AiAudit;

/// <summary>A job run straight through its kind, without the runner: the log and progress are kept to look at.</summary>
internal sealed class TestJobContext(string kind, object parameters) : JobContext
{
    public override Guid JobId { get; } = Guid.CreateVersion7();
    public override string Kind => kind;
    public override JsonElement Parameters { get; } = JsonSerializer.SerializeToElement(parameters, JsonDefaults.Options);

    public List<(string Level, string Message)> Log { get; } = [];
    public List<int> Progress { get; } = [];

    public override Task LogAsync(string level, string message, object? context = null)
    {
        Log.Add((level, message));
        return Task.CompletedTask;
    }

    public override Task ReportProgressAsync(int percent, string? message = null)
    {
        Progress.Add(percent);
        return Task.CompletedTask;
    }
}
