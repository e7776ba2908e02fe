using Hsi.Api.Features.Calibration.Update;

namespace Hsi.Api.Features.Calibration.Put;

/// <summary>The same partial update as PATCH, under the verb existing clients use.</summary>
public sealed class Endpoint(CalibrationWrites commands, IQuerySession session) : ChangeEndpoint(commands, session)
{
    public override void Configure()
    {
        Put("/api/calibration");
        DescribeResponses();
        Summary(s => s.Summary = "Change some thresholds, as PATCH does; the merged result must keep low < medium < high");
    }
}
