using System.Diagnostics;
using RuleOfLaw.Bench.Load;
using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Node;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>
/// The loads aimed at the nodes, kept for the whole run: connections (dashboards, position
/// devices, the HTTP pools) survive from step to step, so a capacity step measures the load,
/// not the cost of connecting.
/// </summary>
public sealed class LoadRig : IAsyncDisposable
{
    /// <summary>How long stragglers of a step may take after its window before they are abandoned.</summary>
    private static readonly TimeSpan _drain = TimeSpan.FromSeconds(30);

    /// <summary>Deltas are coalesced for 100 ms on the node; this lets the last ones of a window arrive.</summary>
    private static readonly TimeSpan _settle = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyList<ServiceProcess> _services;

    /// <param name="services">The servers started for the nodes (PostgreSQL, Redis), whose CPU each step reports.</param>
    public LoadRig(RunContext context, IReadOnlyList<ServiceProcess> services)
    {
        Context = context;
        _services = services;
        Diagnostics = new RuntimeDiagnostics(context.Http);
        Dashboards = new Dashboards(context);
        Positions = new PositionLoad(context);
        Loops = new LoopDriver(context);
        Reports = new ReportLoad(context, Loops);
    }

    public RunContext Context { get; }

    public RuntimeDiagnostics Diagnostics { get; }

    public Dashboards Dashboards { get; private set; }

    public PositionLoad Positions { get; }

    public LoopDriver Loops { get; }

    public ReportLoad Reports { get; }

    /// <summary>Drops every dashboard (the dashboard search starts again from few).</summary>
    public async Task ResetDashboards()
    {
        await Dashboards.DisposeAsync();
        Dashboards = new Dashboards(Context);
    }

    public async Task<StepResult> Run(StepSpec spec, CancellationToken cancellation)
    {
        var window = MeasurementWindow.After(spec.Warmup, spec.Duration);
        var step = new StepMeasurements(window);
        var start = Stopwatch.GetTimestamp();
        Dashboards.MeasureInto(step);
        Loops.StopAt(long.MaxValue);

        var reports = Reports.Run(step, spec.ReportRate, spec.LoopShare, start, window.End, spec.SeedSalt, cancellation);
        var positions = Positions.Run(step, spec.PositionRate, start, window.End, cancellation);

        await window.WaitForStart(cancellation);
        var harness = new CpuMeter();
        harness.Start();
        var machine = new MachineCpu();
        machine.Start();
        var services = new ServiceCpu(_services);
        services.Start();
        var before = await Diagnostics.Take(collect: false, cancellation);
        await window.WaitForEnd(cancellation);
        var after = await Diagnostics.Take(collect: false, cancellation);
        var harnessCpu = harness.PercentOfMachine();
        var machineCpu = machine.PercentBusy();
        var serviceCpu = services.PercentOfMachine();
        var nodeCpu = before is not null && after is not null ? ClusterSnapshot.Cpu(before, after) : null;

        await Task.WhenAll(reports, positions);

        // Stragglers: answers still on their way, and chains in the middle of the loop. Bounded.
        var drainUntil = Stopwatch.GetTimestamp() + (long)(_drain.TotalSeconds * Stopwatch.Frequency);
        Loops.StopAt(drainUntil);
        var drained = await Reports.Drain(_drain, cancellation);
        drained &= await Loops.Drain(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), drainUntil) + TimeSpan.FromSeconds(5), cancellation);
        if (!drained)
        {
            step.Errors.Add("harness:not-drained");
        }

        await Task.Delay(_settle, cancellation);
        Dashboards.MeasureInto(null);

        var seconds = window.Length.TotalSeconds;
        return new StepResult(
            spec.Name,
            seconds,
            step.ReportsOffered.InWindow / seconds,
            step.ReportsAcknowledged.PerSecond(window),
            step.ReportAck.Summarize(),
            step.Transitions.PerSecond(window),
            step.TransitionAck.Summarize(),
            step.LoopsCompleted.PerSecond(window),
            Dashboards.Count,
            step.ReportToDashboard.Summarize(),
            step.Deliveries.PerSecond(window),
            step.DashboardMessages.PerSecond(window),
            step.PositionsOffered.InWindow / seconds,
            step.PositionsSent.PerSecond(window),
            before is not null && after is not null ? ClusterSnapshot.PositionsPerSecond(before, after) : null,
            before is not null && after is not null ? ClusterSnapshot.PositionsWrittenPerSecond(before, after) : null,
            Dashboards.Count == 0 ? 0 : step.PositionPushes.PerSecond(window) / Dashboards.Count,
            step.Errors.Snapshot(),
            drained,
            harnessCpu,
            machineCpu,
            nodeCpu?.Sum(node => node.Percent),
            after?.WorkingSetBytes,
            after?.GcHeapBytes,
            before is not null && after is not null ? after.Gen2Collections - before.Gen2Collections : null,
            nodeCpu,
            serviceCpu);
    }

    public async ValueTask DisposeAsync()
    {
        await Dashboards.DisposeAsync();
        await Positions.DisposeAsync();
    }
}
