using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.EventStore;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Features.AiAudit;

/// <summary>Thresholds a replay uses instead of the calibration's; those left out keep the calibration's values.</summary>
public sealed record ThresholdOverrides(int? LowThreshold, int? MediumThreshold, int? HighThreshold);

public static class CalibrationLoading
{
    /// <summary>
    /// The calibration in force now (its stream version and thresholds), with any overrides merged and
    /// checked by the same rules as a calibration change; the error when the merge breaks them.
    /// </summary>
    public static async Task<(CalibrationInForce? Calibration, DomainError? Error)> InForceAsync(
        IQuerySession session, ThresholdOverrides? overrides, DateTimeOffset now, CancellationToken ct)
    {
        var read = await session.ReadStreamAsync<CalibrationState>(StreamKeys.Calibration(CalibrationState.DefaultUser), ct);
        var state = read.State ?? CalibrationState.Initial(CalibrationState.DefaultUser, now);
        var version = read.Version;
        if (overrides is null) return (new CalibrationInForce(version, state.Thresholds), null);
        var merged = CalibrationDecisions.Change(
            new ChangeCalibration(overrides.LowThreshold, overrides.MediumThreshold, overrides.HighThreshold, null), state, now);
        return merged.Error is { } error
            ? (null, error)
            : (new CalibrationInForce(version, ((CalibrationChanged)merged.Events[0]).Thresholds), null);
    }
}
