using Hsi.Projections.Cameras;
using Hsi.Projections.Media;
using Hsi.Projections.Properties;

namespace Hsi.Api.Features.Cameras;

public static class CameraQueries
{
    /// <summary>A camera that is not deleted, or null.</summary>
    public static async Task<CameraView?> LoadActiveAsync(this IQuerySession session, string id, CancellationToken ct) =>
        await session.LoadAsync<CameraView>(id, ct) is { DeletedAt: null } view ? view : null;

    /// <summary>Every camera's name by id, deleted ones too, for exports that name the camera of each row.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> NamesAsync(this IQuerySession session, CancellationToken ct) =>
        (await session.Query<CameraView>().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.Name);

    public static string NotFound(string id) => $"Camera '{id}' not found";

    /// <summary>The camera if it exists and is not deleted, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<CameraView?> LoadActiveOrNotFoundAsync(this IQuerySession session, string id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadActiveAsync(id, ct) is { } view) return view;
        await ctx.SendDetail(404, NotFound(id));
        return null;
    }

    /// <summary>
    /// When each camera last sent a file: the newest <see cref="MediaView"/> it has. Read here rather than kept on
    /// <see cref="CameraView"/>, so that document has one writer and its projection rebuilds alone.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSeenAsync(this IQuerySession session, IEnumerable<string> cameraIds, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var newest = cameraIds.Distinct().Select(id => (Id: id, Media: batch.Query<MediaView>()
            .Where(m => m.CameraId == id).OrderByDescending(m => m.ReceivedAt).FirstOrDefault())).ToList();
        if (newest.Count == 0) return new Dictionary<string, DateTimeOffset>();
        await batch.Execute(ct);
        var lastSeen = new Dictionary<string, DateTimeOffset>();
        foreach (var (id, media) in newest)
            if (await media is { } m) lastSeen[id] = m.ReceivedAt;
        return lastSeen;
    }

    /// <summary>One camera as clients see it, with when it was last seen.</summary>
    public static async Task<CameraResponse> ResponseAsync(this IQuerySession session, CameraView view, string defaultTimezone, CancellationToken ct) =>
        (await session.ResponsesAsync([view], defaultTimezone, ct))[0];

    public static async Task<IReadOnlyList<CameraResponse>> ResponsesAsync(this IQuerySession session, IReadOnlyList<CameraView> views, string defaultTimezone, CancellationToken ct)
    {
        var lastSeen = await session.LastSeenAsync(views.Select(v => v.Id), ct);
        var places = await session.PlacesAsync(views, ct);
        return views.Select(v => CameraResponse.From(v, defaultTimezone, lastSeen.TryGetValue(v.Id, out var at) ? at : null, places)).ToList();
    }

    /// <summary>Which of the cameras' properties and areas still exist, read in one round trip.</summary>
    private static async Task<CameraPlaces> PlacesAsync(this IQuerySession session, IReadOnlyList<CameraView> views, CancellationToken ct)
    {
        var propertyIds = views.Select(v => v.PropertyId).OfType<int>().Distinct().ToArray();
        var areaIds = views.SelectMany(v => v.AreaIds).Distinct().ToArray();
        if (propertyIds.Length == 0 && areaIds.Length == 0) return new CameraPlaces(new HashSet<int>(), new Dictionary<int, string>());
        var batch = session.CreateBatchQuery();
        var properties = batch.LoadMany<PropertyView>().ById(propertyIds);
        var areas = batch.LoadMany<AreaView>().ById(areaIds);
        await batch.Execute(ct);
        return new CameraPlaces((await properties).Select(p => p.Id).ToHashSet(), (await areas).ToDictionary(a => a.Id, a => a.Name));
    }
}
