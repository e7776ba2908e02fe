using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Hsi.Api.Tests.Realtime;
using Hsi.Api.Tests.Operations;

namespace Hsi.Api.Tests.Webhooks;

/// <summary>
/// A real Alertmanager, started from ops/alertmanager/alertmanager.yml (pointed at this test's API
/// and with a short group wait), delivers an alert to the webhook, and a /ws/events client gets it.
/// </summary>
[Collection(KestrelCollection.Name)]
public class AlertmanagerDeliveryTests(KestrelFixture app)
{
    [Fact]
    public async Task An_alert_posted_to_Alertmanager_reaches_a_ws_events_client_as_infrastructure_alert()
    {
        var api = new UriBuilder(app.BaseAddress) { Scheme = "http" }.Uri.ToString().TrimEnd('/');
        var workDir = Directory.CreateTempSubdirectory("hsi-alertmanager-").FullName;
        var config = (await File.ReadAllTextAsync(Path.Combine(FixturePaths.RepositoryRoot, "ops", "alertmanager", "alertmanager.yml")))
            .Replace("http://127.0.0.1:8000", api)
            .Replace("group_wait: 10s", "group_wait: 1s");
        Assert.Contains($"{api}/api/webhooks/alerts", config);
        await File.WriteAllTextAsync(Path.Combine(workDir, "alertmanager.yml"), config);

        var port = FreePort();
        var start = new ProcessStartInfo(ExternalTool.Require("prometheus-alertmanager"),
            $"--config.file={workDir}/alertmanager.yml --storage.path={workDir}/data --web.listen-address=127.0.0.1:{port} --cluster.listen-address=")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var alertmanager = Process.Start(start)!;
        var log = new StringBuilder();
        alertmanager.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        alertmanager.BeginErrorReadLine();
        alertmanager.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.GetAsync(async () =>
            {
                try { return (await http.GetAsync("/-/ready")).StatusCode; }
                catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
            }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Alertmanager ready");

            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(app.BaseAddress, "/ws/events"), CancellationToken.None);

            var name = $"HsiDeliveryTest{Guid.NewGuid():N}";
            var posted = await http.PostAsJsonAsync("/api/v2/alerts", new[]
            {
                new
                {
                    labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = "critical", ["instance"] = "test" },
                    annotations = new Dictionary<string, string> { ["summary"] = "Delivered through Alertmanager" },
                    startsAt = DateTimeOffset.UtcNow.AddSeconds(-5),
                },
            });
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

            var alert = await ReceiveAlertAsync(socket, name).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("firing", alert.Str("status"));
            Assert.Equal("critical", alert.Str("severity"));
            Assert.Equal("Delivered through Alertmanager", alert.Str("summary"));
            Assert.Equal("hsi-api", alert.Str("receiver"));
            Assert.False(string.IsNullOrEmpty(alert.Str("fingerprint")));
        }
        catch (TimeoutException)
        {
            lock (log) throw new TimeoutException($"No alert arrived; Alertmanager said:\n{log}");
        }
        finally
        {
            alertmanager.Kill();
            await alertmanager.WaitForExitAsync();
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static async Task<JsonNode> ReceiveAlertAsync(WebSocket socket, string name)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("The server closed the socket");
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            var json = JsonNode.Parse(message.ToArray())!;
            if (json.Str("type") == "infrastructure_alert" && json["data"]!.Str("alertname") == name) return json["data"]!;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
