using Hsi.Api.Infrastructure;
using Hsi.Domain.Common;
using Hsi.Domain.Scenes;
using Hsi.Projections.EventStore;
using Marten;

namespace Hsi.Api.Tests.SceneChanges;

public class SceneReferenceRaceTests(AppFixture app) : ApiTest(app)
{
    /// <summary>What SceneCheckHandler does (read, decide, append with the version read), twice at once: the later commit loses and decides again on retry.</summary>
    [Fact]
    public async Task Two_checks_that_read_the_same_version_cannot_both_set_the_reference()
    {
        var thumbnail = new byte[SceneThumbnail.Pixels];
        new Random(3).NextBytes(thumbnail);
        async Task<IDocumentSession> DecidedAsync()
        {
            var session = App.Store.LightweightSession();
            var read = await session.ReadStreamAsync<CameraScene>(StreamKeys.Scene("porch"), CancellationToken.None);
            var check = new CheckScene("porch", Guid.NewGuid(), "/cams/porch/a.jpg", thumbnail);
            session.Append(read, SceneDecisions.Check(check, read.State, 0.5, null, DateTimeOffset.UtcNow));
            return session;
        }
        await using var first = await DecidedAsync();
        await using var second = await DecidedAsync();
        await first.SaveChangesAsync();
        var lost = await Record.ExceptionAsync(() => second.SaveChangesAsync());
        Assert.True(lost is not null && EventStreamWriter.IsLostRace(lost), $"the second append should lose: {lost}");
        await using var query = App.Store.QuerySession();
        Assert.Single(await query.Events.FetchStreamAsync(StreamKeys.Scene("porch")));
    }
}
