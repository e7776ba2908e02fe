using Hsi.Api.Features.Calibration;

namespace Hsi.Api.Features.Cameras;

/// <summary>Cameras and their folders under CAMERA_ROOT, and the calibration of the risk rules.</summary>
public static class CamerasModule
{
    public static WebApplicationBuilder AddCameras(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CameraWrites>();
        builder.Services.AddSingleton<CameraFolders>();
        builder.Services.AddSingleton<CalibrationWrites>();
        return builder;
    }
}
