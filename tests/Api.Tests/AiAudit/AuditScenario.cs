using Alba;
using Hsi.Projections.Media;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.AiAudit;

internal static class AuditScenario
{
    /// <summary>The ids of every file on record.</summary>
    public static async Task<IReadOnlyList<Guid>> MediaIdsAsync(this IAlbaHost host)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<MediaView>().Select(m => m.Id).ToListAsync();
    }
}
