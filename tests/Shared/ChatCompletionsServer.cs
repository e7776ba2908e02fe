using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Hsi.Tests.Shared;

/// <summary>What the server does with one request: answer with this content, fail with a status, answer late, or cut the answer off.</summary>
public sealed record ChatReply(string? Content, HttpStatusCode Status = HttpStatusCode.OK, TimeSpan Delay = default, bool CutOff = false)
{
    public static ChatReply Says(string content) => new(content);
    public static ChatReply Fails(HttpStatusCode status) => new(null, status);
    public static ChatReply Late(TimeSpan delay, string content) => new(content, HttpStatusCode.OK, delay);
    /// <summary>Starts the answer and drops the connection halfway, as a server that crashes does.</summary>
    public static ChatReply CutsOff() => new(null, CutOff: true);
}

/// <summary>One request the server received: its JSON body and Authorization header.</summary>
public sealed record ChatRequest(JsonObject Body, string? Authorization);

/// <summary>
/// A stand-in for an LLM server (llama.cpp, vLLM, Ollama), which cannot run here: a real HTTP server on
/// 127.0.0.1 speaking OpenAI's <c>POST /v1/chat/completions</c>, so the tests use the real client code.
/// </summary>
public sealed class ChatCompletionsServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<int, ChatRequest, ChatReply> reply;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c> (what LLM_URL is set to).</summary>
    public string Url { get; }

    /// <param name="reply">The reply to the n-th request (1-based).</param>
    public ChatCompletionsServer(Func<int, ChatRequest, ChatReply> reply)
    {
        this.reply = reply;
        Url = $"http://127.0.0.1:{FreePort()}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public ChatCompletionsServer(ChatReply always) : this((_, _) => always) { }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var dropped = false;
        try
        {
            if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != "/v1/chat/completions")
            {
                response.StatusCode = 404;
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new ChatRequest((JsonObject)JsonNode.Parse(await reader.ReadToEndAsync())!, context.Request.Headers["Authorization"]);
            Requests.Enqueue(request);
            var answer = reply(Requests.Count, request);
            if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, stopping.Token);
            if (answer.CutOff)
            {
                // Fewer bytes than announced, then the connection is gone: the client cannot read a whole answer.
                response.ContentLength64 = 1000;
                await response.OutputStream.WriteAsync("{\"choices\""u8.ToArray(), stopping.Token);
                await response.OutputStream.FlushAsync(stopping.Token);
                dropped = true;
                response.Abort();
                return;
            }
            response.StatusCode = (int)answer.Status;
            var body = answer.Status == HttpStatusCode.OK ? Completion(request, answer.Content ?? "") : """{"error":{"message":"test failure"}}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(bytes, stopping.Token);
        }
        catch (Exception)
        {
            // The client gave up (a timeout under test) or the server is stopping.
        }
        finally
        {
            if (!dropped)
                try { response.Close(); } catch (Exception) { /* already gone */ }
        }
    }

    private static string Completion(ChatRequest request, string content) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = request.Body["model"]?.GetValue<string>(),
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
    }.ToJsonString();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Close();
        await loop;
        stopping.Dispose();
    }
}
