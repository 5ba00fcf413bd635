using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Load;

/// <summary>The fields of a pushed delta the harness reads; the rest of the JSON is skipped.</summary>
public sealed record DeltaMessage(
    [property: JsonPropertyName("incidentId")] string IncidentId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>A pushed move of a grid worker or team; the harness only counts them.</summary>
public sealed record PositionMessage([property: JsonPropertyName("homeArea")] string HomeArea);

/// <summary>The positions snapshot of an area; the harness reads nothing of it.</summary>
public sealed record PeopleMessage;

/// <summary>The part of a subscription's snapshot the harness reads.</summary>
public sealed record SnapshotMessage([property: JsonPropertyName("topic")] string Topic);

/// <summary>
/// Dashboard clients (leaders' live maps): each a real SignalR connection over WebSockets,
/// subscribed to one area drawn from the scope mix. They stay connected across steps; each
/// step points them at its own measurements.
/// </summary>
public sealed class Dashboards(RunContext context) : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly Dictionary<string, int> _scopes = new(StringComparer.Ordinal);
    private readonly Random _random = new(Seeds.For(context.Options.Seed, salt: 7, sequence: 0));
    private StepMeasurements? _current;
    private bool _disposing;

    public int Count => _connections.Count;

    /// <summary>How many dashboards follow each level of the ladder.</summary>
    public IReadOnlyDictionary<string, int> Scopes => _scopes;

    /// <summary>Where deliveries and latencies go from now on (null: received but not measured).</summary>
    public void MeasureInto(StepMeasurements? step) => Volatile.Write(ref _current, step);

    /// <summary>
    /// Connects and subscribes dashboards, <paramref name="batch"/> at a time, until
    /// <paramref name="target"/> are connected. Returns how many failed.
    /// </summary>
    public async Task<int> GrowTo(int target, int batch, ErrorCounter errors, CancellationToken cancellation)
    {
        var failed = 0;
        while (_connections.Count < target && !cancellation.IsCancellationRequested)
        {
            var size = Math.Min(batch, target - _connections.Count);
            var starting = Enumerable.Range(_connections.Count, size)
                .Select(n => Connect(n, context.Map.PickScope(context.Options.Mix, _random), errors, cancellation))
                .ToList();
            foreach (var connection in await Task.WhenAll(starting))
            {
                if (connection is null)
                {
                    failed++;
                }
                else
                {
                    _connections.Add(connection);
                }
            }

            // Stop growing when the node refuses: more attempts would only repeat the failure.
            if (failed > target / 10 + 5)
            {
                break;
            }
        }

        return failed;
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        foreach (var chunk in _connections.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(async connection =>
            {
                try
                {
                    await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception)
                {
                    // Closing is best effort: the node goes away next anyway.
                }
            }));
        }

        _connections.Clear();
    }

    private async Task<HubConnection?> Connect(int number, (string Level, string Code) scope, ErrorCounter errors, CancellationToken cancellation)
    {
        var connection = HubClients.Create(context.HubUrl(number), ActorIdentity.Leader($"bench-dashboard-{number:D5}"));
        connection.On<IReadOnlyList<DeltaMessage>>("Deltas", OnDeltas);
        connection.On<IReadOnlyList<PositionMessage>>("Positions", OnPositions);
        connection.Closed += exception =>
        {
            if (!_disposing)
            {
                (Volatile.Read(ref _current)?.Errors ?? errors).Add(exception is null ? "dashboard:closed" : $"dashboard:closed:{ErrorCounter.KindOf(exception)}");
            }

            return Task.CompletedTask;
        };

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await connection.StartAsync(timeout.Token);
            await connection.InvokeAsync<SnapshotMessage>("SubscribeArea", scope.Code, timeout.Token);

            // The leaders' map shows where the people are too: their moves, at most once a second each.
            await connection.InvokeAsync<PeopleMessage>("SubscribeAreaPositions", scope.Code, timeout.Token);
            lock (_scopes)
            {
                _scopes[scope.Level] = _scopes.GetValueOrDefault(scope.Level) + 1;
            }

            return connection;
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            errors.Add($"dashboard:connect:{ErrorCounter.KindOf(exception)}");
            await connection.DisposeAsync();
            return null;
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            return null;
        }
    }

    private void OnPositions(IReadOnlyList<PositionMessage> positions)
    {
        if (Volatile.Read(ref _current) is { } step)
        {
            step.PositionPushes.Add(step.Window.Contains(Stopwatch.GetTimestamp()), positions.Count);
        }
    }

    private void OnDeltas(IReadOnlyList<DeltaMessage> deltas)
    {
        // Receipt first: everything after this line is the harness's time, not the node's.
        var receivedAt = DateTimeOffset.UtcNow;
        var step = Volatile.Read(ref _current);
        if (step is null)
        {
            return;
        }

        var inWindow = step.Window.Contains(Stopwatch.GetTimestamp());
        step.DashboardMessages.Add(inWindow);
        step.Deliveries.Add(inWindow, deltas.Count);
        if (!inWindow)
        {
            return;
        }

        foreach (var delta in deltas)
        {
            if (Guid.TryParse(delta.IncidentId, out var id) && context.Created.ContainsKey(id))
            {
                step.ReportToDashboard.Record(receivedAt - delta.ReceivedAt);
            }
        }
    }
}
