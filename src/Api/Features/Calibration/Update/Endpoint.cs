using Hsi.Domain.Calibration;
using Hsi.Projections.Calibration;

namespace Hsi.Api.Features.Calibration.Update;

/// <summary>Thresholds to set; those left out (or null) keep their stored values.</summary>
public sealed class Request
{
    /// <summary>0–100, below medium_threshold.</summary>
    public int? LowThreshold { get; set; }

    /// <summary>0–100, between low_threshold and high_threshold.</summary>
    public int? MediumThreshold { get; set; }

    /// <summary>0–100, above medium_threshold.</summary>
    public int? HighThreshold { get; set; }

    /// <summary>0–1: how strongly feedback moves the thresholds.</summary>
    public double? DecayFactor { get; set; }
}

/// <summary>PATCH and PUT alike change only the fields sent (CONTRACT.md: PUT is a partial update too).</summary>
public abstract class ChangeEndpoint(CalibrationWrites commands, IQuerySession session) : Endpoint<Request, CalibrationView>
{
    protected void DescribeResponses() =>
        Description(b => b.Produces<ValidationErrorResponse>(422).Produces<ErrorDetail>(409));

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var cmd = new ChangeCalibration(req.LowThreshold, req.MediumThreshold, req.HighThreshold, req.DecayFactor);
        if (await HttpContext.SentRefusalAsync(await commands.ChangeAsync(cmd, ct))) return;
        await Send.OkAsync(await session.LoadCalibrationAsync(commands, ct), ct);
    }
}

public sealed class Endpoint(CalibrationWrites commands, IQuerySession session) : ChangeEndpoint(commands, session)
{
    public override void Configure()
    {
        Patch("/api/calibration");
        DescribeResponses();
        Summary(s => s.Summary = "Change some thresholds; the merged result must keep low < medium < high");
    }
}
