using Hsi.Domain.Enrichment;
using Marten;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// Turns what enrichment found into appearances of known entities (re-identified people, read plates),
/// in the same session as the <see cref="DetectionEnriched"/> it is given, so both commit or neither.
/// </summary>
public interface IAppearanceRecorder
{
    Task RecordAsync(IDocumentSession session, DetectionEnriched enriched, CancellationToken ct);
}
