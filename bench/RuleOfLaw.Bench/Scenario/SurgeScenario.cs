using RuleOfLaw.Bench.Options;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>The surge scenario's outcome.</summary>
public sealed record SurgeReport(
    StepResult Step,
    IReadOnlyDictionary<string, int> DashboardScopes,
    int DashboardConnectFailures,
    int PositionConnections,
    int PositionBatch,
    int PositionConnectFailures,
    double ConnectSeconds,
    ReadBackResult ReadBack,
    MemoryProbeResult Memory,
    IReadOnlyDictionary<string, long> OtherErrors);

/// <summary>
/// The standard scenario: dashboards and position devices connect first (gradually, before the
/// window), then grid workers report at the offered rate with a share driven through the closed
/// loop, positions flow, and dashboards receive the deltas; then the memory probe, then every
/// acknowledged id is read back.
/// </summary>
public static class SurgeScenario
{
    public static async Task<SurgeReport> Run(LoadRig rig, BenchOptions options, CancellationToken cancellation)
    {
        var context = rig.Context;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"  connecting {options.Dashboards} dashboards and {options.PositionConnections} position devices…");
        var dashboardFailures = await rig.Dashboards.GrowTo(options.Dashboards, options.DashboardBatch, context.Errors, cancellation);
        var positionFailures = options.PositionRate > 0
            ? await rig.Positions.GrowTo(options.PositionConnections, options.DashboardBatch, context.Errors, cancellation)
            : 0;
        var connectSeconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"  surge: {options.ReportRate:0} reports/s, loop share {options.LoopShare:0.##}, {options.PositionRate:0} positions/s, warm-up {options.Warmup.TotalSeconds:0.#} s, window {options.Duration.TotalSeconds:0.#} s…");
        var step = await rig.Run(
            new StepSpec("surge", options.ReportRate, options.LoopShare, options.PositionRate, options.Warmup, options.Duration, SeedSalt: 0),
            cancellation);

        Console.WriteLine($"  memory probe: {options.MemoryIncidents} new incidents…");
        var memory = await MemoryProbe.Run(rig, options.MemoryIncidents, cancellation);

        Console.WriteLine($"  reading back {context.Acknowledged.Count} acknowledged incidents…");
        var readBack = await ReadBack.Run(context, options.ReadBackTimeout, cancellation);
        return new SurgeReport(
            step,
            new Dictionary<string, int>(rig.Dashboards.Scopes),
            dashboardFailures,
            rig.Positions.Count,
            options.PositionBatch,
            positionFailures,
            connectSeconds,
            readBack,
            memory,
            context.Errors.Snapshot());
    }
}
