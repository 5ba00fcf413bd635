using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Bench.Scenario;

namespace RuleOfLaw.Bench.Results;

/// <summary>A baseline that ran, or why it did not.</summary>
public sealed record BaselineOutcome(string Name, BaselineResult? Result, string? Error);

/// <summary>Everything one run writes to bench/results: enough to compare it with another run.</summary>
public sealed record RunResult(
    string Scenario,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    CommitInfo Commit,
    MachineInfo Machine,
    BenchOptions Options,
    Topology Topology,
    IReadOnlyList<BaselineOutcome> Baselines,
    IReadOnlyList<Figure> Figures,
    SurgeReport? Surge,
    CapacityReport? Capacity,
    IReadOnlyList<string> Notes);
