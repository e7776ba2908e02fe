using Marten.Services;

namespace Hsi.Api.Infrastructure;

/// <summary>What a Marten subscription that writes no documents returns: nothing to do after the daemon commits.</summary>
public sealed class NoDocumentChanges : IChangeListener
{
    public static readonly NoDocumentChanges Instance = new();

    public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

    public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
}
