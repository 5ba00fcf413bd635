using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// The one HTTP connection pool every simulated client shares (thousands of identities, a few
/// hundred sockets, as a gateway in front of the node would have), with the run's safety cap on
/// the number of requests and on requests in flight.
/// </summary>
public sealed class BenchHttp : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly MediaTypeHeaderValue _jsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _client;
    private readonly long _maxRequests;
    private readonly int _maxInFlight;
    private long _requests;
    private int _inFlight;

    public BenchHttp(Uri baseAddress, int connections, long maxRequests, int maxInFlight)
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
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        _maxRequests = maxRequests;
        _maxInFlight = maxInFlight;
    }

    public Uri BaseAddress => _client.BaseAddress!;

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
    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, ActorIdentity actor, object? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        actor.ApplyTo(request);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
            request.Content.Headers.ContentType = _jsonType;
        }

        return await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
    }

    public void Dispose() => _client.Dispose();
}
