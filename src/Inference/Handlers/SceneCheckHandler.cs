using Hsi.Domain.Common;
using Hsi.Domain.Scenes;
using Hsi.Projections.EventStore;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Compares an analysed picture with its camera's reference view and records what
/// <see cref="SceneDecisions"/> decides on <c>scene:&lt;camera_id&gt;</c>. Runs on one sequential queue
/// per node, and the append expects the version read, so two pictures (or a picture and an
/// acknowledgement) never both set the reference: the loser reads the stream again and decides again.
/// </summary>
public sealed class SceneCheckHandler(ILogger<SceneCheckHandler> logger)
{
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .RetryTimes(5);
        chain.OnException<Exception>()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    public async Task Handle(CheckScene check, IDocumentSession session, SceneSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var scene = await session.ReadStreamAsync<CameraScene>(StreamKeys.Scene(check.CameraId), ct);
        long? changeId = SceneDecisions.RecordsChange(check, scene.State, settings.ChangeThreshold)
            ? await NextChangeIdAsync(session, ct)
            : null;
        var decision = SceneDecisions.Check(check, scene.State, settings.ChangeThreshold, changeId, clock.GetUtcNow());
        if (decision.Error is { } error)
        {
            logger.LogWarning("Scene check of {Path} skipped: {Reason}", check.FilePath, error.Message);
            return;
        }
        session.Append(scene, decision);
        foreach (var change in decision.Events.OfType<SceneChangeDetected>())
            logger.LogWarning("Scene change on {CameraId}: {ChangeType} (similarity {Similarity}) at {Path}",
                change.CameraId, change.ChangeType, change.SimilarityScore, change.FilePath);
    }

    /// <summary>Scene change ids come from their own sequence: integers, ordered, never reused by a rebuild.</summary>
    private static async Task<long> NextChangeIdAsync(IDocumentSession session, CancellationToken ct) =>
        (await session.QueryAsync<long>($"select nextval('{StoreSchema.Qualified(StoreSchema.SceneChangeIdSequence)}')", ct)).Single();
}
