namespace Hsi.Domain.Scenes;

/// <summary>SCENE_CHANGE_THRESHOLD: below this SSIM (0–1) to the reference view a picture records a scene change.</summary>
public sealed record SceneSettings(double ChangeThreshold = SceneDecisions.DefaultThreshold);
