using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// Simulated operators in the command centre and the units: each case handed over is taken
/// through forward → register → dispatch → sign → handle → send-check → check → close, one step
/// as soon as the previous one is acknowledged. The unit that signs and handles is the one the
/// dispatch answer names; the check is done by the grid worker who reported.
/// </summary>
public sealed class LoopDriver(RunContext context)
{
    /// <summary>Operators per role; their names only spread the work over a few identities.</summary>
    private const int OperatorsPerRole = 20;

    /// <summary>Intake, shift leader, dispatcher, unit handler.</summary>
    private const int OperatorRoles = 4;

    private static readonly string[] _afterPhoto = ["photo/after.jpg"];

    private readonly Outstanding _outstanding = new();
    private long _stopAt = long.MaxValue;

    public long Outstanding => _outstanding.Count;

    /// <summary>No step starts after this moment: chains still running then are abandoned (bounded drain).</summary>
    public void StopAt(long timestamp) => Interlocked.Exchange(ref _stopAt, timestamp);

    public void Start(StepMeasurements step, Guid id, Worker reporter, CancellationToken cancellation)
    {
        _outstanding.Enter();
        _ = Drive(step, id, reporter, cancellation);
    }

    public Task<bool> Drain(TimeSpan timeout, CancellationToken cancellation) => _outstanding.Drain(timeout, cancellation);

    private async Task Drive(StepMeasurements step, Guid id, Worker reporter, CancellationToken cancellation)
    {
        try
        {
            var n = (int)((uint)id.GetHashCode() % OperatorsPerRole);
            var area = ActorIdentity.District;
            var intake = Operator(0, n, new ActorIdentity($"bench-intake-{n}", "Intake", area));
            var leader = Operator(1, n, new ActorIdentity($"bench-shift-leader-{n}", "ShiftLeader", area));
            var dispatcher = Operator(2, n, new ActorIdentity($"bench-dispatcher-{n}", "Dispatcher", area));
            var path = $"api/incidents/{id:D}/";

            if (!await Step(step, "forward", path, intake, null, cancellation)
                || !await Step(step, "register", path, leader, null, cancellation))
            {
                return;
            }

            var unit = await Dispatch(step, path, dispatcher, cancellation);
            if (unit is null)
            {
                return;
            }

            var handler = Operator(3, n, new ActorIdentity($"bench-handler-{unit}-{n}", "UnitHandler", area, unit));
            if (await Step(step, "sign", path, handler, null, cancellation)
                && await Step(step, "handle", path, handler, new { reason = "已处置", attachments = _afterPhoto }, cancellation)
                && await Step(step, "send-check", path, intake, null, cancellation)
                && await Step(step, "check", path, new Client(reporter.Number, reporter.Identity), new { passed = true }, cancellation)
                && await Step(step, "close", path, leader, new { closure = "Normal" }, cancellation))
            {
                step.LoopsCompleted.Add(step.Window.Contains(Stopwatch.GetTimestamp()));
            }
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            // A malformed answer must not end the run; it is an error like any other.
            step.Errors.Add($"step:driver:{ErrorCounter.KindOf(exception)}");
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            // The run is over.
        }
        finally
        {
            _outstanding.Exit();
        }
    }

    /// <summary>
    /// Operator <c>n</c> of each role is numbered <c>n × roles + role</c>, so that with any number
    /// of nodes the roles of one case work through different nodes, as people at different desks
    /// behind a load balancer would.
    /// </summary>
    private static Client Operator(int role, int n, ActorIdentity identity) => new((n * OperatorRoles) + role, identity);

    private async Task<string?> Dispatch(StepMeasurements step, string path, Client dispatcher, CancellationToken cancellation)
    {
        using var response = await Send(step, "dispatch", path, dispatcher, null, cancellation);
        if (response is null)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellation);
        if (document.RootElement.TryGetProperty("incident", out var incident)
            && incident.TryGetProperty("assignedUnitId", out var unit)
            && unit.ValueKind == JsonValueKind.String)
        {
            return unit.GetString();
        }

        step.Errors.Add("step:dispatch:no-unit");
        return null;
    }

    private async Task<bool> Step(StepMeasurements step, string name, string path, Client actor, object? body, CancellationToken cancellation)
    {
        using var response = await Send(step, name, path, actor, body, cancellation);
        return response is not null;
    }

    /// <summary>One step; null (and the error counted) unless the node answered 200.</summary>
    private async Task<HttpResponseMessage?> Send(StepMeasurements step, string name, string path, Client actor, object? body, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested || Stopwatch.GetTimestamp() >= Interlocked.Read(ref _stopAt))
        {
            return null;
        }

        if (!context.Http.TryAcquire(out var refusal))
        {
            step.Errors.Add($"step:{refusal}");
            return null;
        }

        var sent = Stopwatch.GetTimestamp();
        try
        {
            var response = await context.Http.Send(actor.Number, HttpMethod.Post, path + name, actor.Identity, body, cancellation);
            var done = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (step.Window.Contains(sent))
                {
                    step.TransitionAck.Record(Stopwatch.GetElapsedTime(sent, done));
                }

                step.Transitions.Add(step.Window.Contains(done));
                return response;
            }

            step.Errors.Add($"step:{name}:http-{(int)response.StatusCode}");
            response.Dispose();
            return null;
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            step.Errors.Add($"step:{name}:{ErrorCounter.KindOf(exception)}");
            return null;
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            context.Http.Release();
        }
    }

    /// <summary>Who takes a step: the identity, and the number that keeps its requests on one node.</summary>
    private sealed record Client(int Number, ActorIdentity Identity);
}
