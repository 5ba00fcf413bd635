using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// Grid workers' devices sending their positions over their own hub connections, fire-and-forget:
/// each fix as it is taken (<c>UpdatePosition</c>), or, with a batch above one, the fixes gathered
/// since the last send (<c>UpdatePositions</c>) once the batch is full. The node attributes a
/// position to the connection's actor, so each connection is one grid worker, taking fixes at its
/// share of the offered rate. SendAsync has no acknowledgement: what is counted is what was
/// written to the socket.
/// </summary>
public sealed class PositionLoad(RunContext context) : IAsyncDisposable
{
    private static readonly TimeSpan _tick = TimeSpan.FromMilliseconds(5);

    private readonly List<(HubConnection Connection, Worker Device)> _devices = [];
    private StepMeasurements? _current;
    private bool _disposing;

    public int Count => _devices.Count;

    public async Task<int> GrowTo(int target, int batch, ErrorCounter errors, CancellationToken cancellation)
    {
        var failed = 0;
        while (_devices.Count < target && failed <= target / 10 + 5 && !cancellation.IsCancellationRequested)
        {
            var size = Math.Min(batch, target - _devices.Count);
            var starting = Enumerable.Range(_devices.Count, size).Select(n => Connect(n, errors, cancellation)).ToList();
            foreach (var device in await Task.WhenAll(starting))
            {
                if (device is null)
                {
                    failed++;
                }
                else
                {
                    _devices.Add(device.Value);
                }
            }
        }

        return failed;
    }

    /// <summary>Every device sends at <c>rate / devices</c> per second, open loop, from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public async Task Run(StepMeasurements step, double rate, long start, long end, CancellationToken cancellation)
    {
        Volatile.Write(ref _current, step);
        if (rate <= 0 || _devices.Count == 0)
        {
            return;
        }

        var perDevice = rate / _devices.Count;
        var batch = context.Options.PositionBatch;
        await Task.WhenAll(_devices.Select((device, index) => Task.Run(() => Device(step, device.Connection, device.Device, index, perDevice, batch, start, end, cancellation), CancellationToken.None)));
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        foreach (var chunk in _devices.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(async device =>
            {
                try
                {
                    await device.Connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception)
                {
                    // Best effort: the node goes away next anyway.
                }
            }));
        }

        _devices.Clear();
    }

    private async Task<(HubConnection, Worker)?> Connect(int number, ErrorCounter errors, CancellationToken cancellation)
    {
        var grid = context.Map.Grids[(number * 7) % context.Map.Grids.Count];
        var device = new Worker(number, new ActorIdentity($"gw-device-{number:D5}", "GridWorker", grid.Code), grid);
        var connection = HubClients.Create(context.HubUrl(number), device.Identity);
        connection.Closed += exception =>
        {
            if (!_disposing)
            {
                (Volatile.Read(ref _current)?.Errors ?? errors).Add(exception is null ? "position:closed" : $"position:closed:{ErrorCounter.KindOf(exception)}");
            }

            return Task.CompletedTask;
        };

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await connection.StartAsync(timeout.Token);
            return (connection, device);
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            errors.Add($"position:connect:{ErrorCounter.KindOf(exception)}");
            await connection.DisposeAsync();
            return null;
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            return null;
        }
    }

    private static async Task Device(
        StepMeasurements step, HubConnection connection, Worker device, int index, double rate, int batch, long start, long end, CancellationToken cancellation)
    {
        var random = new Random(Seeds.For(index, salt: 11, sequence: 0));
        var ticksPerFix = Stopwatch.Frequency / rate;

        // Devices start spread over one interval, not all on the same tick.
        var offset = (long)(ticksPerFix * random.NextDouble());
        var total = (long)Math.Floor((end - start - offset) / ticksPerFix);
        var gathered = new List<PositionFixMessage>(batch);
        long taken = 0;
        long sent = 0;
        await MeasurementWindow.WaitUntil(start + offset, cancellation);
        while (taken < total && !cancellation.IsCancellationRequested && connection.State == HubConnectionState.Connected)
        {
            var now = Stopwatch.GetTimestamp();
            var due = Math.Min(total, (long)Math.Floor((now - start - offset) / ticksPerFix) + 1);
            for (; taken < due; taken++)
            {
                var intended = start + offset + (long)(taken * ticksPerFix);
                step.PositionsOffered.Add(step.Window.Contains(intended));
                var (longitude, latitude) = device.Grid.Points[random.Next(device.Grid.Points.Count)];
                gathered.Add(new PositionFixMessage(longitude, latitude, 5.0, DateTimeOffset.UtcNow));
                if (gathered.Count < batch && taken + 1 < total)
                {
                    continue;
                }

                try
                {
                    await Send(connection, gathered, cancellation);
                    step.PositionsSent.Add(step.Window.Contains(Stopwatch.GetTimestamp()), gathered.Count);
                    sent += gathered.Count;
                }
                catch (Exception exception) when (!cancellation.IsCancellationRequested)
                {
                    step.Errors.Add($"position:send:{ErrorCounter.KindOf(exception)}", gathered.Count);
                    sent += gathered.Count;
                }
                catch (Exception) when (cancellation.IsCancellationRequested)
                {
                    return;
                }

                gathered.Clear();
            }

            await Task.Delay(_tick, cancellation).ConfigureAwait(false);
        }

        // Fixes a closed connection could not send are lost updates, not silence.
        if (sent < total && !cancellation.IsCancellationRequested)
        {
            step.Errors.Add("position:not-sent", total - sent);
        }
    }

    private static Task Send(HubConnection connection, List<PositionFixMessage> gathered, CancellationToken cancellation) =>
        gathered.Count == 1
            ? connection.SendAsync("UpdatePosition", gathered[0], cancellation)
            : connection.SendAsync("UpdatePositions", gathered, cancellation);
}

/// <summary>One fix as the node's hub reads it (camelCase JSON).</summary>
public sealed record PositionFixMessage(
    [property: JsonPropertyName("longitude")] double Longitude,
    [property: JsonPropertyName("latitude")] double Latitude,
    [property: JsonPropertyName("accuracyMetres")] double AccuracyMetres,
    [property: JsonPropertyName("at")] DateTimeOffset At);
