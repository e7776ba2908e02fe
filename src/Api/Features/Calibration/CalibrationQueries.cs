using Hsi.Projections.Calibration;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Features.Calibration;

public static class CalibrationQueries
{
    /// <summary>The calibration in force; on first use the defaults are recorded, so it always exists after this.</summary>
    public static async Task<CalibrationView> LoadCalibrationAsync(this IQuerySession session, CalibrationWrites commands, CancellationToken ct)
    {
        if (await session.LoadAsync<CalibrationView>(CalibrationState.DefaultUser, ct) is { } view) return view;
        await commands.EnsureAsync(ct);
        return (await session.LoadAsync<CalibrationView>(CalibrationState.DefaultUser, ct))!;
    }
}
