namespace Hsi.Api.Features.AiAudit;

/// <summary>A replay started as a job: watch it at <c>GET /api/jobs/{job_id}</c> and <c>/ws/jobs/{job_id}/logs</c>.</summary>
public sealed record JobAccepted(Guid JobId);
