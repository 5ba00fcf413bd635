using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Node;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>What one load step offered.</summary>
/// <param name="SeedSalt">Keeps the reports of different steps apart while staying reproducible.</param>
public sealed record StepSpec(string Name, double ReportRate, double LoopShare, double PositionRate, TimeSpan Warmup, TimeSpan Duration, int SeedSalt);

/// <summary>
/// Everything one step measured inside its window. Node figures are sums over the nodes (each
/// node's CPU is in <see cref="NodeCpuByNode"/>), null when diagnostics are unavailable.
/// <see cref="ServiceCpuPercent"/> holds the servers started for the nodes (PostgreSQL, Redis), by name.
/// </summary>
public sealed record StepResult(
    string Name,
    double WindowSeconds,
    double OfferedReportsPerSecond,
    double ReportsPerSecond,
    LatencySummary ReportAck,
    double TransitionsPerSecond,
    LatencySummary TransitionAck,
    double LoopsCompletedPerSecond,
    int Dashboards,
    LatencySummary ReportToDashboard,
    double DeliveriesPerSecond,
    double DashboardMessagesPerSecond,
    double OfferedPositionsPerSecond,
    double PositionsSentPerSecond,
    double? PositionsAcceptedPerSecond,
    double? PositionsWrittenPerSecond,
    double PositionPushesPerDashboardPerSecond,
    IReadOnlyDictionary<string, long> Errors,
    bool Drained,
    double HarnessCpuPercent,
    double? MachineCpuPercent,
    double? NodeCpuPercent,
    long? NodeWorkingSetBytes,
    long? NodeGcHeapBytes,
    long? NodeGen2Collections,
    IReadOnlyList<NodeCpu>? NodeCpuByNode,
    IReadOnlyDictionary<string, double> ServiceCpuPercent)
{
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>CPU of processes other than the nodes, their servers and the harness (a shared machine's noise), when all are known.</summary>
    public double? OtherCpuPercent => MachineCpuPercent is { } machine && NodeCpuPercent is { } node
        ? Math.Max(0, machine - node - ServiceCpuPercent.Values.Sum() - HarnessCpuPercent)
        : null;

    /// <summary>Acknowledged reports as a share of what was offered inside the window.</summary>
    public double Achieved => OfferedReportsPerSecond > 0 ? ReportsPerSecond / OfferedReportsPerSecond : double.NaN;
}
