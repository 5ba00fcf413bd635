using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>How much load, and how each client retries.</summary>
public sealed record LoadShape
{
    /// <summary>Grid workers reporting, each one report at a time.</summary>
    public int Reporters { get; init; } = 4;

    /// <summary>Pause of each grid worker between two reports.</summary>
    public TimeSpan ReportPause { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Command-centre operators, each driving one case at a time round the closed loop.</summary>
    public int Operators { get; init; } = 3;

    /// <summary>Pause of an operator between two steps.</summary>
    public TimeSpan StepPause { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>One report in this many is driven round the loop; the others stay Reported.</summary>
    public int DrivenShare { get; init; } = 2;

    /// <summary>
    /// One acknowledged report in this many is sent again, same id and body, to the next node, as
    /// a client that lost the answer does; it must be answered 200 with the stored case, never 201.
    /// </summary>
    public int ReplayShare { get; init; } = 5;

    /// <summary>Attempts per command, each on the next node, before the client gives up.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>
    /// How long one attempt may take. The clients retry sooner than the 5 s Retry-After the nodes
    /// send: it makes them probe failover harder, and a retry is always safe (same id).
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A steady load through every node of the cluster: grid workers report cases (client-generated
/// ids, round-robin over the nodes) and operators drive a share of them round the closed loop
/// (forward → register → dispatch → sign → handle → send-check → check → close). Every client
/// retries a command that failed, timed out or was answered 5xx with the same id on the next node,
/// a bounded number of times, and writes what it was told in the <see cref="Ledger"/>.
/// </summary>
public sealed class GridLoad : IAsyncDisposable
{
    private static readonly Step[] Loop =
    [
        new("forward", "Forward", Role.Intake),
        new("register", "Register", Role.ShiftLeader),
        new("dispatch", "Dispatch", Role.Dispatcher),
        new("sign", "Sign", Role.UnitHandler),
        new("handle", "Handle", Role.UnitHandler, new { reason = "已清运 cleared", attachments = new[] { "photo/after.jpg" } }),
        new("send-check", "SendCheck", Role.Intake),
        new("check", "Check", Role.GridWorker, new { passed = true }),
        new("close", "Close", Role.ShiftLeader, new { closure = "Normal" }),
    ];

    private readonly IReadOnlyList<ClusterNode> _nodes;
    private readonly IReadOnlyList<GridPoint> _points;
    private readonly Stopwatch _clock;
    private readonly LoadShape _shape;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<CaseLedger> _toDrive = Channel.CreateUnbounded<CaseLedger>();
    private readonly List<Task> _clients = [];
    private int _nextNode;
    private int _reports;

    /// <param name="nodes">The nodes the clients may send to; a node that is down simply fails its attempts.</param>
    /// <param name="points">Points in the grids the grid workers patrol.</param>
    /// <param name="clock">The test's clock: attempts and acknowledgements are timed on it.</param>
    public GridLoad(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<GridPoint> points, Stopwatch clock, LoadShape? shape = null)
    {
        _nodes = nodes;
        _points = points;
        _clock = clock;
        _shape = shape ?? new LoadShape();
    }

    public Ledger Ledger { get; } = new();

    public void Start()
    {
        for (var i = 0; i < _shape.Reporters; i++)
        {
            _clients.Add(Task.Run(() => Reporter(_stop.Token)));
        }

        for (var i = 0; i < _shape.Operators; i++)
        {
            _clients.Add(Task.Run(() => Operator(_stop.Token)));
        }
    }

    /// <summary>Waits until at least this many reports were acknowledged (the load is warm: grains spread over every node).</summary>
    public Task Acknowledged(int reports, TimeSpan? timeout = null) =>
        Signals.Until(
            () => Task.FromResult(Ledger.AcknowledgedReports),
            count => count >= reports,
            $"{reports} acknowledged reports",
            count => $"{count} acknowledged; {Ledger.Attempts.Count} attempts, last: {Ledger.Attempts.LastOrDefault()}",
            timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>
    /// Stops the clients between commands: a command in flight is finished (with its retries), so
    /// the ledger holds the outcome of everything that was sent.
    /// </summary>
    public async Task Stop()
    {
        _stop.Cancel();
        _toDrive.Writer.TryComplete();
        var limit = _shape.AttemptTimeout * _shape.MaxAttempts;
        await Task.WhenAll(_clients).Within("the load's clients to finish their last command", limit);
    }

    /// <summary>
    /// One report through one node chosen by the caller (then the others, on failure), outside
    /// the steady load: for probes whose timing matters. Returns the case once acknowledged, else null.
    /// </summary>
    public async Task<CaseLedger?> ReportVia(ClusterNode node, int maxAttempts = 1)
    {
        var point = _points[Interlocked.Increment(ref _reports) % _points.Count];
        var start = _nodes.ToList().IndexOf(node);
        return await Report(point, start, maxAttempts, probe: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await Stop();
        }

        _stop.Dispose();
    }

    private async Task Reporter(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var number = Interlocked.Increment(ref _reports);
            var point = _points[number % _points.Count];
            var reported = await Report(point, NextNode(), _shape.MaxAttempts, replay: number % _shape.ReplayShare == 0);
            if (reported is not null && number % _shape.DrivenShare == 0)
            {
                _toDrive.Writer.TryWrite(reported);
            }

            await Pause(_shape.ReportPause, stop);
        }
    }

    private async Task<CaseLedger?> Report(GridPoint point, int firstNode, int maxAttempts, bool probe = false, bool replay = false)
    {
        var id = Guid.CreateVersion7().ToString();
        var body = new
        {
            id,
            subcategory = "CG03",
            description = "路边堆放生活垃圾 exposed garbage by the road",
            longitude = point.Longitude,
            latitude = point.Latitude,
            attachments = new[] { "photo/before.jpg" },
        };
        var command = new Command("Report", id, "api/incidents", Role.GridWorker, point.GridCode, null, body, ExpectedBefore: 0);
        var outcome = await Send(command, firstNode, maxAttempts, probe);
        if (outcome is not Sent.Acknowledged(var version, var node, _, _))
        {
            return null;
        }

        var ledger = Ledger.Case(id, point.GridCode);
        ledger.Acknowledge(version, "Report", node, _clock.Elapsed);
        if (replay)
        {
            // A case may already have moved on when the replay arrives: it answers the case as stored.
            switch (await Send(command with { Replay = true }, firstNode + 1, maxAttempts))
            {
                case Sent.Acknowledged { Status: 200 }:
                    Ledger.RecordReplay();
                    break;
                case Sent.Acknowledged { Status: var status }:
                    Ledger.RecordUnexpected($"Report {id} sent again after its acknowledgement was answered {status}, not 200: created twice?");
                    break;
            }
        }

        return ledger;
    }

    private async Task Operator(CancellationToken stop)
    {
        try
        {
            await foreach (var item in _toDrive.Reader.ReadAllAsync(stop))
            {
                await Drive(item, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while waiting for a case to drive.
        }
    }

    /// <summary>Takes the case round the loop, one step at a time, until it is closed, a step is given up, or the load stops.</summary>
    private async Task Drive(CaseLedger item, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && item.Version <= Loop.Length && await NextStep(item, NextNode(), _shape.MaxAttempts))
        {
            await Pause(_shape.StepPause, stop);
        }
    }

    /// <summary>
    /// Takes the case's next step of the loop through <paramref name="node"/> (then the others, on
    /// failure), outside the steady load: for probes that need a change published by the node where
    /// the case already lives. False when the case is closed or the step was not taken.
    /// </summary>
    public Task<bool> NextStepVia(CaseLedger item, ClusterNode node, int maxAttempts = 1) =>
        item.Version <= Loop.Length ? NextStep(item, _nodes.ToList().IndexOf(node), maxAttempts, probe: true) : Task.FromResult(false);

    private async Task<bool> NextStep(CaseLedger item, int firstNode, int maxAttempts, bool probe = false)
    {
        var step = Loop[item.Version - 1];
        var area = step.Role == Role.GridWorker ? item.Grid : DemoAreas.District;
        var unit = step.Role == Role.UnitHandler ? item.Unit ?? await UnitOf(item) : null;
        var command = new Command(step.Kind, item.Id, $"api/incidents/{item.Id}/{step.Segment}", step.Role, area, unit, step.Body, item.Version);
        switch (await Send(command, firstNode, maxAttempts, probe))
        {
            case Sent.Acknowledged(var version, var node, var answer, _):
                item.Acknowledge(version, step.Kind, node, _clock.Elapsed);
                if (step.Kind == "Dispatch")
                {
                    item.Unit = answer.GetProperty("incident").Text("assignedUnitId");
                }

                return true;
            case Sent.FoundCommitted(var version):
                item.FoundCommitted(version, step.Kind);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The unit a case was dispatched to, read back when the dispatch's own answer was lost.</summary>
    private async Task<string?> UnitOf(CaseLedger item)
    {
        for (var attempt = 0; attempt < _shape.MaxAttempts; attempt++)
        {
            try
            {
                using var leader = _nodes[NextNode()].Client(Role.Leader);
                leader.Timeout = _shape.AttemptTimeout;
                using var response = await leader.GetAsync($"api/incidents/{item.Id}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var details = HttpExpectations.Parse(await response.Content.ReadAsStringAsync());
                    return item.Unit = details.GetProperty("incident").Text("assignedUnitId");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(Backoff(attempt + 1));
        }

        return null;
    }

    /// <summary>
    /// Sends the command to <paramref name="firstNode"/>, then on failure to the next node and the
    /// next, with the same id and body every time. A 409 on a retry that names a newer version than
    /// the step started from means an earlier attempt committed although its answer was lost.
    /// </summary>
    /// <param name="probe">A probe's failure is a measurement, not a client giving up: it is not recorded as given up.</param>
    private async Task<Sent> Send(Command command, int firstNode, int maxAttempts, bool probe = false)
    {
        for (var number = 1; number <= maxAttempts; number++)
        {
            var node = _nodes[(firstNode + number - 1) % _nodes.Count];
            var started = _clock.Elapsed;
            var watch = Stopwatch.StartNew();
            try
            {
                using var client = node.Client(command.Role, command.Area, command.Unit, ActorHeaders.DefaultUser(command.Role, command.Unit));
                client.Timeout = _shape.AttemptTimeout;
                using var content = command.Body is null ? null : HttpExpectations.Json(command.Body);
                using var response = await client.PostAsync(command.Path, content);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                Ledger.Record(new Attempt(started, watch.Elapsed, node.Name, command.Label, command.IncidentId, number, status, response.Headers.RetryAfter is not null, null));
                if (response.IsSuccessStatusCode)
                {
                    var answer = HttpExpectations.Parse(text);
                    return new Sent.Acknowledged(answer.GetProperty("incident").GetProperty("version").GetInt32(), node.Name, answer, status);
                }

                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    // The version the 409 names is the case as it is now (none for a report never stored).
                    var now = VersionIn(text);
                    if (command.Kind != "Report" && now > command.ExpectedBefore && number > 1)
                    {
                        return new Sent.FoundCommitted(now.Value);
                    }

                    if (now != (command.Kind == "Report" ? null : command.ExpectedBefore))
                    {
                        // A report's id already used with other content, or a step refused for a state the client never saw: a bug.
                        Ledger.RecordUnexpected($"{command.Label} {command.IncidentId} on {node}: 409 {HttpExpectations.Shorten(text)}");
                        return new Sent.Failed();
                    }

                    // The case changed concurrently (two activations while membership settled): retry.
                }
                else if (status < 500)
                {
                    Ledger.RecordUnexpected($"{command.Label} {command.IncidentId} on {node}: {status} {HttpExpectations.Shorten(text)}");
                    return new Sent.Failed();
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                var error = exception is TaskCanceledException ? $"timed out ({_shape.AttemptTimeout.TotalSeconds:0} s)" : exception.Message;
                Ledger.Record(new Attempt(started, watch.Elapsed, node.Name, command.Label, command.IncidentId, number, null, false, error));
            }

            if (number < maxAttempts)
            {
                await Task.Delay(Backoff(number));
            }
        }

        if (!probe)
        {
            Ledger.RecordGaveUp(command.Label, command.IncidentId);
        }

        return new Sent.Failed();
    }

    /// <summary>The version a 409 names (the case as it is now), or null when it names none.</summary>
    private static int? VersionIn(string text)
    {
        var problem = HttpExpectations.Parse(text);
        return problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number
            ? version.GetInt32()
            : null;
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 1000));

    private int NextNode() => (int)((uint)Interlocked.Increment(ref _nextNode) % (uint)_nodes.Count);

    /// <summary>Paces a client; the load stopping ends the pause at once.</summary>
    private static async Task Pause(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Step(string Segment, string Kind, Role Role, object? Body = null);

    private sealed record Command(string Kind, string IncidentId, string Path, Role Role, string Area, string? Unit, object? Body, int ExpectedBefore, bool Replay = false)
    {
        /// <summary>How attempts name it: a replayed report apart from its first sending.</summary>
        public string Label => Replay ? $"{Kind} (sent again)" : Kind;
    }

    private abstract record Sent
    {
        public sealed record Acknowledged(int Version, string Node, JsonElement Answer, int Status) : Sent;

        public sealed record FoundCommitted(int Version) : Sent;

        public sealed record Failed : Sent;
    }
}
