using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Features.Operations.Gpu;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Operations;

public class HealthTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Readiness_reports_each_worker_running_once_they_all_run()
    {
        var ready = await Eventually.GetAsync(async () =>
        {
            var result = await Host.Scenario(s => { s.Get.Url("/api/system/health/ready"); s.IgnoreStatusCode(); });
            return (Status: result.Context.Response.StatusCode, Body: await result.JsonAsync());
        }, r => r.Status == 200, what: "readiness 200");

        var body = ready.Body;
        Assert.True(body["ready"]!.GetValue<bool>());
        Assert.Equal("ready", body.Str("status"));
        Assert.True(body["supervisor_healthy"]!.GetValue<bool>());
        Assert.Equal(["ai", "database", "redis"], body["services"]!.AsObject().Select(s => s.Key).Order());
        var workers = body["workers"]!.AsArray().ToDictionary(w => w!.Str("name"), w => w!);
        Assert.Equal(["analysis_consumer", "batch_scheduler", "ingest_watcher", "projection_daemon"], workers.Keys.Order());
        Assert.All(workers.Values, w => Assert.True(w["running"]!.GetValue<bool>(), w.ToJsonString()));
        Assert.NotNull(body["ai_warmth_status"]!["yolox_nano"]);
    }

    [Fact]
    public async Task Health_names_the_detector_and_its_provider()
    {
        var body = await (await Host.Scenario(s => { s.Get.Url("/api/system/health"); s.StatusCodeShouldBe(200); })).JsonAsync();
        var ai = body["services"]!["ai"]!;
        Assert.Equal("healthy", ai.Str("status"));
        Assert.True(ai["details"]!["detector_loaded"]!.GetValue<bool>());
        Assert.Equal("CPUExecutionProvider", ai["details"]!.Str("provider"));
        Assert.Equal("yolox_nano", ai["details"]!.Str("model"));
    }

    [Fact]
    public async Task Gpu_figures_are_null_without_a_gpu_and_inference_fps_is_measured()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        await Host.WaitForDetectionsAsync(1);

        var body = (await (await Host.Scenario(s => { s.Get.Url("/api/system/gpu"); s.StatusCodeShouldBe(200); })).JsonAsync()).AsObject();
        foreach (var field in new[] { "gpu_name", "utilization", "memory_used", "memory_total", "temperature", "power_usage", "fan_speed",
                     "sm_clock", "sm_clock_max", "memory_clock", "memory_clock_max", "memory_bandwidth_utilization", "pstate", "throttle_reasons",
                     "power_limit", "temp_slowdown_threshold", "compute_processes_count", "pcie_rx_throughput", "pcie_tx_throughput",
                     "pcie_link_gen", "pcie_link_width", "pcie_replay_counter", "encoder_utilization", "decoder_utilization", "bar1_used" })
        {
            Assert.True(body.ContainsKey(field), field);
            if (!File.Exists("/usr/bin/nvidia-smi")) Assert.Null(body[field]);
        }
        Assert.True(body["inference_fps"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Nvidia_smi_figures_are_read_by_name_and_not_available_ones_are_null()
    {
        const string core = "NVIDIA H100 80GB HBM3, 37, 1024, 81559, 41, 120.55, [N/A], 1980, 1980, 2619, 2619, 5, P0, 0x0000000000000004, 700.00, 5, 16\n";
        var reading = GpuStats.Parse(core, "0, 0, [N/A]\n", "1234\n5678\n");

        Assert.Equal("NVIDIA H100 80GB HBM3", reading.GpuName);
        Assert.Equal((37d, 1024L, 81559L, 41d, 120.55), (reading.Utilization, reading.MemoryUsed, reading.MemoryTotal, reading.Temperature, reading.PowerUsage));
        Assert.Null(reading.FanSpeed);
        Assert.Equal((0L, 4L, 5L, 16L, 2L), (reading.Pstate, reading.ThrottleReasons, reading.PcieLinkGen, reading.PcieLinkWidth, reading.ComputeProcessesCount));
        Assert.Null(reading.TempSlowdownThreshold);
        Assert.Null(GpuStats.Parse("", null, null).GpuName);
    }

    [Fact]
    public async Task System_socket_sends_system_status_and_answers_ping()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        using var socket = await Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/system"), CancellationToken.None);
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));

        JsonNode status;
        do status = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        while (status.Str("type") != "system_status");
        var data = status["data"]!;
        Assert.Null(data["gpu"]!["gpu_name"]);
        Assert.True(data["gpu"]!.AsObject().ContainsKey("inference_fps"));
        Assert.Equal((1, 1), (data["cameras"]!["active"]!.GetValue<int>(), data["cameras"]!["total"]!.GetValue<int>()));
        Assert.True(data["queue"]!["pending"]!.GetValue<long>() >= 0);
        Assert.True(data["queue"]!["processing"]!.GetValue<long>() >= 0);
        Assert.Equal("healthy", data.Str("health"));
    }
}
