using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>What one load step offered.</summary>
/// <param name="SeedSalt">Keeps the reports of different steps apart while staying reproducible.</param>
public sealed record StepSpec(string Name, double ReportRate, double LoopShare, double PositionRate, TimeSpan Warmup, TimeSpan Duration, int SeedSalt);

/// <summary>Everything one step measured inside its window. Node figures are null when diagnostics are unavailable.</summary>
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
    IReadOnlyDictionary<string, long> Errors,
    bool Drained,
    double HarnessCpuPercent,
    double? MachineCpuPercent,
    double? NodeCpuPercent,
    long? NodeWorkingSetBytes,
    long? NodeGcHeapBytes,
    long? NodeGen2Collections)
{
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>CPU of processes other than the node and the harness (a shared machine's noise), when both are known.</summary>
    public double? OtherCpuPercent => MachineCpuPercent is { } machine && NodeCpuPercent is { } node ? Math.Max(0, machine - node - HarnessCpuPercent) : null;

    /// <summary>Acknowledged reports as a share of what was offered inside the window.</summary>
    public double Achieved => OfferedReportsPerSecond > 0 ? ReportsPerSecond / OfferedReportsPerSecond : double.NaN;
}
