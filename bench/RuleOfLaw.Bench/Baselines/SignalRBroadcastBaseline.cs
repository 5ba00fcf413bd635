using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// Raw SignalR broadcast deliveries per second: an in-process Kestrel with a trivial hub, N real
/// .NET clients over WebSockets, and the server sending a one-delta batch (the real
/// <see cref="IncidentDelta"/> contract and JSON options) to all of them as fast as a bounded
/// window allows. Deliveries are counted client-side.
/// </summary>
/// <remarks>
/// <para>An unpaced broadcast loop only fills per-connection buffers: the figure would be the
/// rate of queueing, and latency would grow with the run. So broadcast <c>n</c> is sent only once
/// every client has received broadcast <c>n - <see cref="WindowBroadcasts"/></c>; the latency
/// under that load is bounded by the window, and a light-load phase afterwards (one broadcast at
/// a time) gives the latency of the transport itself.</para>
/// <para>Clients parse each message but bind it to a <see cref="JsonElement"/>, not to the
/// contract's records: "raw" means the transport's capacity, and binding 1,000 clients' copies
/// in this process would measure the simulated clients instead.</para>
/// </remarks>
public static class SignalRBroadcastBaseline
{
    /// <summary>Broadcasts that may be in flight (sent, not yet received by every client).</summary>
    public const int WindowBroadcasts = 8;

    private const string HubPath = "/baseline/broadcast";
    private const string MethodName = "Deltas";
    private const int ConnectParallelism = 32;
    private const int LightLoadBroadcastsPerSecond = 20;
    private const long HighestMicroseconds = 60_000_000;

    private static readonly TimeSpan _longestWarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _deliveryTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(15);

    public static async Task<BaselineResult> Run(int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);

        await using var app = await StartServer(cancellationToken);
        var flights = new Flights(clients);
        var audience = new Audience(clients, flights);
        try
        {
            await audience.Connect(new Uri(new Uri(app.Urls.First()), HubPath), cancellationToken);
            var broadcaster = new Broadcaster(app.Services.GetRequiredService<IHubContext<BroadcastHub>>(), audience, flights, SampleDelta());

            await broadcaster.Saturate(TimeSpan.FromTicks(Math.Min(_longestWarmUp.Ticks, duration.Ticks / 5)), cancellationToken);
            await broadcaster.Drain(cancellationToken);
            var loaded = await broadcaster.Saturate(duration, cancellationToken);
            await broadcaster.Drain(cancellationToken);
            var light = await broadcaster.Pace(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, duration.Ticks / 4)), cancellationToken);

            return new BaselineResult($"signalr-broadcast/{clients}", loaded.Deliveries / loaded.Elapsed.TotalSeconds, "deliveries/s", new Dictionary<string, double>
            {
                ["clients"] = clients,
                ["payloadBytes"] = broadcaster.PayloadBytes,
                ["windowBroadcasts"] = WindowBroadcasts,
                ["broadcastsPerSecond"] = loaded.Broadcasts / loaded.Elapsed.TotalSeconds,
                ["seconds"] = loaded.Elapsed.TotalSeconds,
                ["cpuCores"] = loaded.CpuCores,
                ["p50Ms"] = Milliseconds(loaded.Latencies, 50),
                ["p99Ms"] = Milliseconds(loaded.Latencies, 99),
                ["lightLoadP50Ms"] = Milliseconds(light.Latencies, 50),
                ["lightLoadP99Ms"] = Milliseconds(light.Latencies, 99),
            });
        }
        finally
        {
            await audience.DisposeAsync();
            using var stopping = new CancellationTokenSource(_stopTimeout);
            await app.StopAsync(stopping.Token);
        }
    }

    /// <summary>
    /// A bare web host on a free loopback port: no configuration files, no logging (the harness
    /// prints), only Kestrel, routing and SignalR with the web host's payload options.
    /// </summary>
    private static async Task<WebApplication> StartServer(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        builder.Services.AddSignalR().AddJsonProtocol(options => ConfigureJson(options.PayloadSerializerOptions));
        var app = builder.Build();
        app.MapHub<BroadcastHub>(HubPath);
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>As the web host configures SignalR (camelCase by SignalR's default, enums as strings, strict numbers).</summary>
    private static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>A delta as the system pushes it for one changed incident.</summary>
    private static IncidentDelta SampleDelta()
    {
        var at = DateTimeOffset.UtcNow;
        var summary = new IncidentSummary(
            Guid.CreateVersion7(at).ToString(), 3, IncidentState.Dispatched, "CG", "CG01", "510802001002007", 105.8412345, 32.4312345,
            false, IncidentSource.Patrol, "law-enforcement", IncidentSummary.TitleOf("路边堆放生活垃圾约两立方米，已影响行人通行"), at, at);
        return new IncidentDelta(summary.Id, summary.Version, summary, at);
    }

    private static LongConcurrentHistogram NewHistogram() => new(1, HighestMicroseconds, 3);

    /// <summary>A percentile of microsecond samples in milliseconds; NaN when nothing was received.</summary>
    private static double Milliseconds(LongConcurrentHistogram latencies, double percentile) =>
        latencies.TotalCount == 0 ? double.NaN : latencies.GetValueAtPercentile(percentile) / 1_000.0;

    private sealed class BroadcastHub : Hub;

    /// <summary>What one phase of broadcasting achieved, counted client-side.</summary>
    private sealed record Phase(long Broadcasts, long Deliveries, TimeSpan Elapsed, double CpuCores, LongConcurrentHistogram Latencies);

    /// <summary>
    /// How many clients have yet to receive each recent broadcast, in a ring indexed by sequence.
    /// A slot is reused only after the window has moved past it, and every connection delivers in
    /// order, so no late delivery can land on a slot's next broadcast.
    /// </summary>
    private sealed class Flights(int audienceSize)
    {
        private readonly Flight?[] _ring = new Flight?[2 * WindowBroadcasts];

        public void Start(int sequence) => Volatile.Write(ref _ring[sequence % _ring.Length], new Flight(audienceSize));

        public void Delivered(int sequence)
        {
            if (Volatile.Read(ref _ring[sequence % _ring.Length]) is { } flight && Interlocked.Decrement(ref flight.Remaining) == 0)
            {
                flight.Landed.TrySetResult();
            }
        }

        /// <summary>Waits until every client has received the broadcast; a client that stops receiving fails the run.</summary>
        public async Task Landed(int sequence, CancellationToken cancellationToken)
        {
            var flight = Volatile.Read(ref _ring[sequence % _ring.Length]) ?? throw new InvalidOperationException($"Broadcast {sequence} was never sent.");
            try
            {
                await flight.Landed.Task.WaitAsync(_deliveryTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException(
                    $"{Volatile.Read(ref flight.Remaining)} of {audienceSize} clients had not received broadcast {sequence} after {_deliveryTimeout.TotalSeconds} s.");
            }
        }

        private sealed class Flight(int remaining)
        {
            public int Remaining = remaining;

            public TaskCompletionSource Landed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The N clients: their connections, their delivery counts and the current latency histogram.</summary>
    private sealed class Audience(int size, Flights flights) : IAsyncDisposable
    {
        private readonly HubConnection?[] _connections = new HubConnection?[size];
        private readonly long[] _received = new long[size];
        private LongConcurrentHistogram _latencies = NewHistogram();

        public long Delivered()
        {
            var total = 0L;
            for (var i = 0; i < _received.Length; i++)
            {
                total += Volatile.Read(ref _received[i]);
            }

            return total;
        }

        /// <summary>Starts a new latency histogram and returns it; deliveries from now on are recorded there.</summary>
        public LongConcurrentHistogram StartLatencies()
        {
            var latencies = NewHistogram();
            Volatile.Write(ref _latencies, latencies);
            return latencies;
        }

        public async Task Connect(Uri url, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_connectTimeout);
            var options = new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = timeout.Token };
            await Parallel.ForEachAsync(Enumerable.Range(0, size), options, async (index, token) =>
            {
                // WebSockets only, as browsers end up; skipping negotiation saves a round trip per client.
                var connection = new HubConnectionBuilder()
                    .WithUrl(url, HttpTransportType.WebSockets, http => http.SkipNegotiation = true)
                    .Build();
                _connections[index] = connection;
                connection.On<JsonElement>(MethodName, batch => Receive(index, batch));
                await connection.StartAsync(token);
            });
        }

        public async ValueTask DisposeAsync()
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism };
            await Parallel.ForEachAsync(_connections.OfType<HubConnection>(), options, async (connection, _) => await connection.DisposeAsync());
        }

        private void Receive(int index, JsonElement batch)
        {
            var delta = batch[0];
            var latency = DateTimeOffset.UtcNow - delta.GetProperty("receivedAt").GetDateTimeOffset();
            Volatile.Read(ref _latencies).RecordValue(Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicroseconds));
            Interlocked.Increment(ref _received[index]);
            flights.Delivered(delta.GetProperty("version").GetInt32());
        }
    }

    /// <summary>Sends the batch to every connection, numbered (in the delta's version) and stamped with the send time.</summary>
    private sealed class Broadcaster(IHubContext<BroadcastHub> hub, Audience audience, Flights flights, IncidentDelta template)
    {
        private int _sequence;

        public int PayloadBytes { get; } = JsonSerializer.SerializeToUtf8Bytes(new[] { template }, JsonOptions()).Length;

        /// <summary>Broadcasts back to back, waiting only while the window is full.</summary>
        public async Task<Phase> Saturate(TimeSpan duration, CancellationToken cancellationToken)
        {
            var latencies = audience.StartLatencies();
            var (sentBefore, deliveredBefore) = (_sequence, audience.Delivered());
            var cpu = ProcessCpu.Start();
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                if (_sequence + 1 - WindowBroadcasts > 0)
                {
                    await flights.Landed(_sequence + 1 - WindowBroadcasts, cancellationToken);
                }

                await Send(cancellationToken);
            }

            // Counted up to the end of the window, before the backlog drains, so the rate is the sustained one.
            var deliveries = audience.Delivered() - deliveredBefore;
            return new Phase(_sequence - sentBefore, deliveries, Stopwatch.GetElapsedTime(started), cpu.CoresUsed(), latencies);
        }

        /// <summary>A few broadcasts a second, each received by everyone before the next: the transport's own latency.</summary>
        public async Task<Phase> Pace(TimeSpan duration, CancellationToken cancellationToken)
        {
            var latencies = audience.StartLatencies();
            var (sentBefore, deliveredBefore) = (_sequence, audience.Delivered());
            var cpu = ProcessCpu.Start();
            var started = Stopwatch.GetTimestamp();
            using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / LightLoadBroadcastsPerSecond));
            while (Stopwatch.GetElapsedTime(started) < duration && await ticks.WaitForNextTickAsync(cancellationToken))
            {
                await Send(cancellationToken);
                await flights.Landed(_sequence, cancellationToken);
            }

            return new Phase(_sequence - sentBefore, audience.Delivered() - deliveredBefore, Stopwatch.GetElapsedTime(started), cpu.CoresUsed(), latencies);
        }

        /// <summary>Waits until every client has every broadcast.</summary>
        public async Task Drain(CancellationToken cancellationToken)
        {
            if (_sequence > 0)
            {
                await flights.Landed(_sequence, cancellationToken);
            }
        }

        private async Task Send(CancellationToken cancellationToken)
        {
            var sequence = ++_sequence;
            flights.Start(sequence);
            IncidentDelta[] batch = [template with { Version = sequence, ReceivedAt = DateTimeOffset.UtcNow }];
            await hub.Clients.All.SendAsync(MethodName, batch, cancellationToken);
        }

        private static JsonSerializerOptions JsonOptions()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            ConfigureJson(options);
            return options;
        }
    }
}
