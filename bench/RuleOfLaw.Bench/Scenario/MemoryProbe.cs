using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Node;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>Managed memory per resident open incident, measured on the node.</summary>
public sealed record MemoryProbeResult(
    int Reported,
    int NewIncidentActivations,
    long HeapBeforeBytes,
    long HeapAfterBytes,
    double? BytesPerIncident,
    IReadOnlyDictionary<string, long> Errors,
    string? Problem);

/// <summary>
/// Measured, not estimated: a full blocking GC on the node, N new reports (no loop, so they stay
/// open and resident), another full GC; the heap's growth divided by the growth in incident grain
/// activations. Grids and units hold a summary of each open case, so the figure is bytes per
/// resident open incident including its share of grid and unit state. Run after the surge, when
/// every grid and unit grain is already active and their fixed cost is outside the difference.
/// </summary>
public static class MemoryProbe
{
    private const int Concurrency = 16;

    /// <summary>Lets the live notifier, relays and dashboards finish with the new cases before the second GC.</summary>
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(2);

    public static async Task<MemoryProbeResult> Run(LoadRig rig, int count, CancellationToken cancellation)
    {
        var before = await rig.Diagnostics.Take(collect: true, cancellation);
        if (before is null)
        {
            return new MemoryProbeResult(0, 0, 0, 0, null, new Dictionary<string, long>(), rig.Diagnostics.Problem ?? "diagnostics unavailable");
        }

        // Measured outside any window: the probe's window is empty, only its errors matter.
        var step = new StepMeasurements(new MeasurementWindow(0, 0));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = limit.Token },
                async (sequence, token) => await rig.Reports.ReportOnce(step, sequence, seedSalt: -1, token));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            step.Errors.Add("memory:timeout");
        }

        await Task.Delay(_settle, cancellation);
        var after = await rig.Diagnostics.Take(collect: true, cancellation);
        if (after is null)
        {
            return new MemoryProbeResult(count, 0, before.GcHeapBytes, 0, null, step.Errors.Snapshot(), rig.Diagnostics.Problem ?? "diagnostics unavailable");
        }

        var activations = after.IncidentActivations - before.IncidentActivations;
        return new MemoryProbeResult(
            count,
            activations,
            before.GcHeapBytes,
            after.GcHeapBytes,
            activations > 0 ? (after.GcHeapBytes - before.GcHeapBytes) / (double)activations : null,
            step.Errors.Snapshot(),
            activations > 0 ? null : "no new incident activations were counted");
    }
}
