using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Hsi.Api.Tests.Notifications;

/// <summary>What the receiver answers one request: a status, where a redirect goes.</summary>
public sealed record WebhookAnswer(int Status, string? Location = null)
{
    public static readonly WebhookAnswer Ok = new(200);
}

/// <summary>One POST the receiver got: its path, exact body bytes and the headers the channel sets.</summary>
public sealed record WebhookRequest(string Path, byte[] Body, string? Signature, string? Delivery);

/// <summary>
/// A real HTTP server on a loopback address receiving webhooks; each path answers as the test says
/// (by how many requests that path has had, 1-based), else 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Func<int, WebhookAnswer>> _answers = new();
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly Task _loop;

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Root { get; }

    public WebhookReceiver(string address = "127.0.0.1")
    {
        Root = $"http://{address}:{FreePort(IPAddress.Parse(address))}";
        _listener.Prefixes.Add(Root + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url(string path) => $"{Root}/{path}";

    public void On(string path, Func<int, WebhookAnswer> answer) => _answers[path] = answer;

    public IReadOnlyList<WebhookRequest> To(string path) => [.. _requests.Where(r => r.Path == path)];

    public IReadOnlyList<WebhookRequest> All => [.. _requests];

    /// <summary>Forgets what was received and answered, for the next test.</summary>
    public void Clear()
    {
        lock (_requests) _requests.Clear();
        _answers.Clear();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url!.AbsolutePath.Trim('/');
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            WebhookAnswer answer;
            lock (_requests)
            {
                _requests.Enqueue(new WebhookRequest(path, body.ToArray(), context.Request.Headers["X-HSI-Signature"], context.Request.Headers["X-HSI-Delivery"]));
                answer = _answers.TryGetValue(path, out var rule) ? rule(_requests.Count(r => r.Path == path)) : WebhookAnswer.Ok;
            }
            response.StatusCode = answer.Status;
            if (answer.Location is { } location) response.RedirectLocation = location;
        }
        catch (Exception)
        {
            // The client went away.
        }
        finally
        {
            try { response.Close(); } catch (Exception) { /* already gone */ }
        }
    }

    public static int FreePort(IPAddress? address = null)
    {
        using var probe = new TcpListener(address ?? IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        await _loop;
        _stopping.Dispose();
    }
}
