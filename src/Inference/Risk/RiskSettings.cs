namespace Hsi.Inference.Risk;

/// <summary>What risk assessment needs of the settings: the time zone of cameras that name none (TIMEZONE).</summary>
public sealed record RiskSettings(string DefaultTimezone);
