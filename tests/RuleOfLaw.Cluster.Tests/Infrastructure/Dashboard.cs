using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>One delta as a dashboard received it, in arrival order.</summary>
public sealed record ReceivedDelta(TimeSpan At, string IncidentId, int Version, bool IsOpen);

/// <summary>What a dashboard shows of one case: its version and whether it is still open.</summary>
public readonly record struct HeldCase(int Version, bool IsOpen);

/// <summary>
/// A leader's dashboard on one node, over the real SignalR client: subscribed to an area, it
/// records every delta it receives (in arrival order) and keeps the state a browser keeps, the
/// snapshot plus every delta newer than what it holds. A resync subscribes again and starts over
/// from the fresh snapshot, as a browser does after a reconnect.
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedDelta> _received = [];
    private readonly Dictionary<string, HeldCase> _held = [];
    private readonly List<(string IncidentId, int Version, TaskCompletionSource Arrived)> _waiters = [];
    private readonly Stopwatch _clock;
    private int _resyncedAt = -1;

    private Dashboard(ClusterNode node, string area, HubConnection connection, Stopwatch clock)
    {
        Node = node;
        Area = area;
        Connection = connection;
        _clock = clock;
        connection.On<List<JsonElement>>("Deltas", Receive);
    }

    public ClusterNode Node { get; }

    public string Area { get; }

    public HubConnection Connection { get; }

    /// <summary>Every delta received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedDelta> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The cases the dashboard shows now.</summary>
    public IReadOnlyDictionary<string, HeldCase> Held
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, HeldCase>(_held);
            }
        }
    }

    /// <param name="clock">The test's clock, so that arrival times compare with the load's.</param>
    public static async Task<Dashboard> Connect(ClusterNode node, string area, Stopwatch clock)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, options =>
            {
                foreach (var (name, value) in ActorHeaders.For(Role.Leader, DemoAreas.District, user: $"leader-{node.Name.Replace(' ', '-')}"))
                {
                    options.Headers[name] = value;
                }
            })
            .Build();
        var dashboard = new Dashboard(node, area, connection, clock);
        await connection.StartAsync().Within($"the dashboard on {node} to connect");
        await dashboard.Resync();
        return dashboard;
    }

    /// <summary>
    /// Subscribes (again) and rebuilds the state from the snapshot, then from every delta that
    /// arrived while the snapshot was on its way and is newer than it: the browser's rule.
    /// </summary>
    public async Task Resync()
    {
        int from;
        lock (_gate)
        {
            from = _received.Count;
        }

        var snapshot = await Connection.InvokeAsync<JsonElement>("SubscribeArea", Area)
            .Within($"the snapshot of {Area} on {Node}", TimeSpan.FromSeconds(30));
        lock (_gate)
        {
            _held.Clear();
            foreach (var summary in snapshot.GetProperty("incidents").EnumerateArray())
            {
                _held[summary.Text("id")] = new HeldCase(summary.GetProperty("version").GetInt32(), IsOpen: true);
            }

            foreach (var delta in _received.Skip(from))
            {
                Apply(delta);
            }

            _resyncedAt = _received.Count;
        }
    }

    /// <summary>Completes when a delta of the case at (at least) the version has arrived.</summary>
    public Task Arrival(string incidentId, int version)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(incidentId, out var held) && held.Version >= version)
            {
                return Task.CompletedTask;
            }

            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((incidentId, version, arrived));
            return arrived.Task;
        }
    }

    /// <summary>
    /// Cases whose received versions went backwards: a delta older than one received before it.
    /// Each entry names the case and the two versions in the order they arrived.
    /// </summary>
    public IReadOnlyList<string> VersionsThatWentBackwards()
    {
        var latest = new Dictionary<string, int>();
        var backwards = new List<string>();
        foreach (var delta in Received)
        {
            if (latest.TryGetValue(delta.IncidentId, out var before) && delta.Version < before)
            {
                backwards.Add($"{delta.IncidentId}: v{before} then v{delta.Version} at {delta.At.TotalSeconds:0.000} s");
            }

            latest[delta.IncidentId] = Math.Max(before, delta.Version);
        }

        return backwards;
    }

    /// <summary>How many deltas arrived after the last resync.</summary>
    public int ReceivedSinceResync
    {
        get
        {
            lock (_gate)
            {
                return _resyncedAt < 0 ? 0 : _received.Count - _resyncedAt;
            }
        }
    }

    private void Receive(List<JsonElement> batch)
    {
        var at = _clock.Elapsed;
        lock (_gate)
        {
            foreach (var element in batch)
            {
                var summary = element.GetProperty("summary");
                var delta = new ReceivedDelta(at, element.Text("incidentId"), element.GetProperty("version").GetInt32(), summary.GetProperty("isOpen").GetBoolean());
                _received.Add(delta);
                Apply(delta);
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (incidentId, version, arrived) = _waiters[i];
                if (_held.TryGetValue(incidentId, out var held) && held.Version >= version)
                {
                    arrived.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>A browser applies a delta only when it is newer than what it holds.</summary>
    private void Apply(ReceivedDelta delta)
    {
        if (!_held.TryGetValue(delta.IncidentId, out var held) || held.Version < delta.Version)
        {
            _held[delta.IncidentId] = new HeldCase(delta.Version, delta.IsOpen);
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
