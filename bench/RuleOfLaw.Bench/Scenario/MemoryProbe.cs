using System.Diagnostics;
using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Node;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>Managed memory per resident open incident, measured on the nodes (heaps summed).</summary>
/// <param name="Primed">Reports sent before the first snapshot and not counted (see <see cref="MemoryProbe"/>).</param>
/// <param name="RestSeconds">How long the heaps then took to come to rest, before the first snapshot.</param>
public sealed record MemoryProbeResult(
    int Primed,
    int Reported,
    int NewIncidentActivations,
    long HeapBeforeBytes,
    long HeapAfterBytes,
    double? BytesPerIncident,
    IReadOnlyDictionary<string, long> Errors,
    string? Problem,
    double RestSeconds);

/// <summary>
/// Measured, not estimated: a full blocking GC on every node, N new reports (no loop, so they
/// stay open and resident), another full GC; the heaps' growth divided by the growth in incident
/// grain activations, both summed over the nodes. Grids and units hold a summary of each open case,
/// so the figure is bytes per resident open incident including its share of grid and unit state.
/// Run after the surge, when every grid and unit grain is already active and their fixed cost is
/// outside the difference. What the surge left behind must be gone first: on three nodes the heaps
/// let go of it only once traffic flows again (measured: flat for a minute after the surge, then
/// 23 MB less during the probe's reports, −24 KB per incident), so a first round of reports, not
/// counted, primes the nodes, and the first snapshot waits until the heaps are at rest.
/// </summary>
public static class MemoryProbe
{
    private const int Concurrency = 16;

    /// <summary>The summed heap counts as at rest when two snapshots this far apart differ by less than <see cref="RestTolerance"/>.</summary>
    private const double RestTolerance = 0.01;

    /// <summary>Lets the live notifier, relays and dashboards finish with the new cases before the second GC.</summary>
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan _restInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _restTimeout = TimeSpan.FromSeconds(60);

    public static async Task<MemoryProbeResult> Run(LoadRig rig, int count, CancellationToken cancellation)
    {
        // Measured outside any window: the probe's window is empty, only its errors matter.
        var step = new StepMeasurements(new MeasurementWindow(0, 0));
        var primed = count == 0 ? 0 : Math.Max(100, count / 5);
        await Report(rig, step, primed, seedSalt: -2, TimeSpan.FromSeconds(60), cancellation);
        var watch = Stopwatch.StartNew();
        var before = await AtRest(rig.Diagnostics, cancellation);
        var restSeconds = watch.Elapsed.TotalSeconds;
        if (before is null)
        {
            return new MemoryProbeResult(primed, 0, 0, 0, 0, null, step.Errors.Snapshot(), rig.Diagnostics.Problem ?? "diagnostics unavailable", restSeconds);
        }

        await Report(rig, step, count, seedSalt: -1, TimeSpan.FromSeconds(120), cancellation);
        await Task.Delay(_settle, cancellation);
        var after = await rig.Diagnostics.Take(collect: true, cancellation);
        if (after is null)
        {
            return new MemoryProbeResult(primed, count, 0, before.GcHeapBytes, 0, null, step.Errors.Snapshot(), rig.Diagnostics.Problem ?? "diagnostics unavailable", restSeconds);
        }

        var activations = after.IncidentActivations - before.IncidentActivations;
        return new MemoryProbeResult(
            primed,
            count,
            activations,
            before.GcHeapBytes,
            after.GcHeapBytes,
            activations > 0 ? (after.GcHeapBytes - before.GcHeapBytes) / (double)activations : null,
            step.Errors.Snapshot(),
            activations > 0 ? null : "no new incident activations were counted",
            restSeconds);
    }

    /// <summary>New reports (no loop, so they stay open and resident), <see cref="Concurrency"/> at a time, bounded in time.</summary>
    private static async Task Report(LoadRig rig, StepMeasurements step, int count, int seedSalt, TimeSpan limit, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(limit);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = timeout.Token },
                async (sequence, token) => await rig.Reports.ReportOnce(step, sequence, seedSalt, token));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            step.Errors.Add("memory:timeout");
        }
    }

    /// <summary>
    /// Full-GC snapshots 5 s apart until the summed heap stops changing (within 1 %), bounded in
    /// time: after traffic the heaps still shrink for some seconds even after a full GC.
    /// </summary>
    private static async Task<ClusterSnapshot?> AtRest(RuntimeDiagnostics diagnostics, CancellationToken cancellation)
    {
        var previous = await diagnostics.Take(collect: true, cancellation);
        var watch = Stopwatch.StartNew();
        while (previous is not null && watch.Elapsed < _restTimeout)
        {
            await Task.Delay(_restInterval, cancellation);
            var current = await diagnostics.Take(collect: true, cancellation);
            if (current is null || Math.Abs(current.GcHeapBytes - previous.GcHeapBytes) <= RestTolerance * previous.GcHeapBytes)
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }
}
