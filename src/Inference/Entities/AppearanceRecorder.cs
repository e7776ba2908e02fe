using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Entities;
using Hsi.Inference.Enrichment;
using Hsi.Projections.Detections;
using Hsi.Projections.Entities;
using Hsi.Projections.EventStore;
using Marten;

namespace Hsi.Inference.Entities;

/// <summary>
/// Re-identification at enrichment: each person detection with an embedding joins the entity of its most
/// similar stored embedding at or above the threshold (never one that rejected a look-alike of it), else
/// starts an entity; each vehicle with a read plate joins its plate's entity. Appended in the stage's
/// session, so the enrichment and the appearances commit together; a detection already recorded (a
/// retried message, a replay) records nothing again.
/// </summary>
public sealed class AppearanceRecorder(EntityIndex index, EntityMatchSettings settings, TimeProvider clock) : IAppearanceRecorder
{
    public async Task RecordAsync(IDocumentSession session, DetectionEnriched enriched, CancellationToken ct)
    {
        var people = enriched.Detections.Where(d => d.Embedding is { Vector.Length: > 0 }).ToList();
        var plates = enriched.Detections
            .Select(d => (Detection: d, Plate: EntityDecisions.NormalisePlate(d.LicensePlate?.Text)))
            .Where(p => p.Plate is not null).ToList();
        if (people.Count == 0 && plates.Count == 0) return;

        var ids = people.Select(d => d.DetectionId).Concat(plates.Select(p => p.Detection.DetectionId)).Distinct().ToArray();
        var recorded = (await session.LoadManyAsync<EntityAppearanceView>(ct, ids)).Where(a => a.EntityId is not null || a.RejectedBy.Count > 0)
            .Select(a => a.Id).ToHashSet();
        var times = (await session.LoadManyAsync<DetectionView>(ct, ids)).ToDictionary(d => d.Id, d => d.DetectedAt);
        EntityAppearance AppearanceOf(long detectionId, double similarity) =>
            new(detectionId, enriched.MediaId, enriched.CameraId, times.GetValueOrDefault(detectionId, enriched.EnrichedAt), similarity);

        var writes = new EntityWrites(session, clock);
        if (people.Any(p => !recorded.Contains(p.DetectionId)))
        {
            var stored = await index.CurrentAsync(session, ct);
            // People earlier in this file are matchable by the later ones before anything is committed.
            var pending = new List<IndexedEmbedding>();
            foreach (var person in people.Where(p => !recorded.Contains(p.DetectionId)))
            {
                var vector = CosineScan.Normalised(person.Embedding!.Vector);
                var match = new[] { EntityIndex.Best(vector, stored, settings.Threshold, writes.Closed), EntityIndex.Best(vector, EmbeddingSnapshot.Of(pending), settings.Threshold) }
                    .Where(m => m is not null).MaxBy(m => m!.Similarity);
                var appearance = AppearanceOf(person.DetectionId, match?.Similarity ?? 1);
                var entityId = await writes.JoinOrStartAsync(match?.EntityId, EntityType.Person, appearance, null, vector, ct);
                pending.Add(new IndexedEmbedding(person.DetectionId, entityId, [], enriched.CameraId, appearance.DetectedAt, vector));
            }
        }
        foreach (var (detection, plate) in plates.Where(p => !recorded.Contains(p.Detection.DetectionId)))
            await writes.JoinOrStartAsync(EntityDecisions.PlateEntityId(plate!), EntityType.Vehicle, AppearanceOf(detection.DetectionId, 1), plate, null, ct);
        writes.AppendAll();
    }

    /// <summary>
    /// The entity streams this file's appearances go to: each read once, decided against what this file
    /// already decided for it, and appended once at the end with the version read.
    /// </summary>
    private sealed class EntityWrites(IDocumentSession session, TimeProvider clock)
    {
        private readonly Dictionary<Guid, (StreamRead<Entity> Read, StreamRead<Entity> Now, List<object> Events)> streams = [];

        /// <summary>Entities that turned out not to take appearances (merged away since the index looked).</summary>
        public HashSet<Guid> Closed { get; } = [];

        /// <summary>Joins <paramref name="entityId"/> when it takes the appearance, else starts a new entity; the id joined.</summary>
        public async Task<Guid> JoinOrStartAsync(Guid? entityId, EntityType type, EntityAppearance appearance, string? plate, float[]? embedding, CancellationToken ct)
        {
            if (entityId is { } id)
            {
                var now = await CurrentAsync(id, ct);
                var decision = EntityDecisions.Record(new RecordAppearance(id, type, appearance, plate, embedding), now.State, clock.GetUtcNow());
                if (decision.Succeeded)
                {
                    Decided(id, decision);
                    return id;
                }
                // A plate's entity always takes its plate; only a person falls through to a new entity.
                if (plate is not null) return id;
                Closed.Add(id);
            }
            var created = Guid.CreateVersion7(clock.GetUtcNow());
            streams[created] = (StreamRead<Entity>.New(StreamKeys.Entity(created)), StreamRead<Entity>.New(StreamKeys.Entity(created)), []);
            Decided(created, EntityDecisions.Record(new RecordAppearance(created, type, appearance, plate, embedding), null, clock.GetUtcNow()));
            return created;
        }

        /// <summary>Queues every stream's events on the session, each with the version it was read at.</summary>
        public void AppendAll()
        {
            foreach (var (read, _, events) in streams.Values.Where(s => s.Events.Count > 0)) session.Append(read, Decision.Of([.. events]));
        }

        private async Task<StreamRead<Entity>> CurrentAsync(Guid id, CancellationToken ct)
        {
            if (streams.TryGetValue(id, out var stream)) return stream.Now;
            var read = await session.ReadStreamAsync<Entity>(StreamKeys.Entity(id), ct);
            streams[id] = (read, read, []);
            return read;
        }

        private void Decided(Guid id, Decision decision)
        {
            var (read, now, events) = streams[id];
            events.AddRange(decision.Events);
            streams[id] = (read, now.Then(decision), events);
        }
    }
}
