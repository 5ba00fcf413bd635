using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// The HTTP connection pools every simulated client shares: one per node, as a load balancer in
/// front of the nodes keeps one per backend (thousands of identities, a few hundred sockets in
/// all), with the run's safety caps on the number of requests and on requests in flight over all
/// nodes. Each simulated client stays on one node, <c>client mod N</c>, as a load balancer with
/// session affinity would keep it.
/// </summary>
public sealed class BenchHttp : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly MediaTypeHeaderValue _jsonType = new("application/json") { CharSet = "utf-8" };

    private readonly List<HttpClient> _clients;
    private readonly long _maxRequests;
    private readonly int _maxInFlight;
    private long _requests;
    private int _inFlight;

    /// <param name="connections">Connections over all nodes, shared out evenly.</param>
    public BenchHttp(IReadOnlyList<Uri> nodes, int connections, long maxRequests, int maxInFlight)
    {
        _clients = nodes.Select((node, index) => Client(node, Math.Max(1, (connections / nodes.Count) + (index < connections % nodes.Count ? 1 : 0)))).ToList();
        _maxRequests = maxRequests;
        _maxInFlight = maxInFlight;
    }

    public int Nodes => _clients.Count;

    public long Requests => Interlocked.Read(ref _requests);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// False when the run's request cap is reached or too many requests are in flight: the
    /// caller counts the send as refused by the generator instead of queueing without bound.
    /// </summary>
    public bool TryAcquire(out string? refusal)
    {
        if (Interlocked.Increment(ref _requests) > _maxRequests)
        {
            refusal = "request-cap";
            return false;
        }

        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            refusal = "generator-saturated";
            return false;
        }

        refusal = null;
        return true;
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Sends one request as <paramref name="actor"/>; the body, if any, is JSON.</summary>
    /// <param name="client">The simulated client's number (or a node's index): the request goes to node <c>client mod N</c>.</param>
    public async Task<HttpResponseMessage> Send(int client, HttpMethod method, string path, ActorIdentity actor, object? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        actor.ApplyTo(request);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
            request.Content.Headers.ContentType = _jsonType;
        }

        return await _clients[(int)((uint)client % (uint)_clients.Count)].SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
    }

    public void Dispose() => _clients.ForEach(client => client.Dispose());

    private static HttpClient Client(Uri node, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}
