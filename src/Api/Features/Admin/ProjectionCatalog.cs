using System.Text.Json;
using Hsi.Api.Features.Jobs;
using Hsi.Domain.Jobs;
using Hsi.Projections.Jobs;
using JasperFx.Events.Projections;

namespace Hsi.Api.Features.Admin;

/// <summary>One projection as <c>GET /api/admin/projections</c> lists it.</summary>
public sealed record ProjectionStatus(
    string Name, string ProjectionName, string Lifecycle, long Position, long HighWaterMark, long Lag, string Status, Guid? RebuildJobId);

/// <summary>
/// The store's projections under the names the admin API uses: the snake_case of Marten's projection name
/// without namespace or "Projection" suffix (<c>CameraView</c> → <c>camera_view</c>,
/// <c>Hsi.Projections.Media.MediaViewProjection</c> → <c>media_view</c>); Marten's own name is accepted too.
/// </summary>
public sealed class ProjectionCatalog(IDocumentStore store)
{
    /// <summary>The projection of the jobs themselves, which no job may rebuild.</summary>
    public const string JobsProjection = nameof(JobView);

    public IReadOnlyList<(string Name, string ProjectionName, ProjectionLifecycle Lifecycle)> All() =>
        ((DocumentStore)store).Options.Projections.All
            .Select(p => (NameOf(p.Name), p.Name, p.Lifecycle))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();

    /// <summary>Marten's name of the projection an admin name (or Marten's own) means; null for none.</summary>
    public string? Resolve(string name) =>
        All().Where(p => p.Name == name || p.ProjectionName == name).Select(p => p.ProjectionName).FirstOrDefault();

    public static string NameOf(string projectionName)
    {
        var shortName = projectionName[(projectionName.LastIndexOf('.') + 1)..];
        if (shortName.EndsWith("Projection", StringComparison.Ordinal) && shortName.Length > "Projection".Length)
            shortName = shortName[..^"Projection".Length];
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(shortName);
    }

    /// <summary>
    /// Position and lag of each projection. An inline projection is written with the events themselves, so
    /// it stands at the store's high-water mark unless a rebuild of it is under way; an async one at its
    /// shard's recorded progress.
    /// </summary>
    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken ct)
    {
        var high = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        var progress = (await store.Advanced.AllProjectionProgress(token: ct))
            .GroupBy(s => s.ShardName[..Math.Max(0, s.ShardName.IndexOf(':'))])
            .ToDictionary(g => g.Key, g => g.Min(s => s.Sequence));
        var rebuilding = await RebuildsUnderWayAsync(ct);
        return All().Select(p =>
        {
            Guid? rebuildJob = rebuilding.TryGetValue(p.ProjectionName, out var id) ? id : null;
            var position = p.Lifecycle == ProjectionLifecycle.Inline && rebuildJob is null ? high : progress.GetValueOrDefault(p.ProjectionName);
            var lag = Math.Max(0, high - position);
            var status = rebuildJob is not null ? "rebuilding" : lag == 0 ? "current" : "catching_up";
            return new ProjectionStatus(p.Name, p.ProjectionName, p.Lifecycle.ToString().ToLowerInvariant(), position, high, lag, status, rebuildJob);
        }).ToList();
    }

    /// <summary>The unfinished rebuild job of each projection that has one (Marten's name → job id).</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> RebuildsUnderWayAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var jobs = await query.Query<JobView>()
            .Where(j => j.Kind == ProjectionRebuildJob.Name && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .ToListAsync(ct);
        return jobs
            .Select(j => (j.Id, Parameters: j.Parameters.Deserialize<ProjectionRebuildParameters>(Http.JsonDefaults.Options)))
            .Where(j => j.Parameters is not null)
            .GroupBy(j => j.Parameters!.Projection)
            .ToDictionary(g => g.Key, g => g.First().Id);
    }
}
