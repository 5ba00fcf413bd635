using BenchmarkDotNet.Attributes;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.MicroBench.Fixtures;

namespace RuleOfLaw.MicroBench;

/// <summary>
/// The CPU part of an area snapshot (LiveHub.SubscribeArea) once the grains have answered: the
/// merge of the grids' open lists exactly as AreaIncidents.OpenUnder does it, and the roll-up
/// sum of the children's counter tables as AreaGrain.Counters does it. Demo district, 10 open
/// cases per grid; the community and street are the largest of their level.
/// </summary>
[MemoryDiagnoser]
public class AreaSnapshotBenchmarks
{
    private const int OpenPerGrid = 10;

    private IReadOnlyList<IncidentSummary>[] _gridLists = null!;
    private CounterTable[] _childTables = null!;

    [Params(AreaLevel.Community, AreaLevel.Street, AreaLevel.District)]
    public AreaLevel Scope { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var areas = ReferenceData.DemoDistrict;
        var random = new Random(42);
        var open = areas.Grids().ToDictionary(
            grid => grid.Code.Value,
            grid => (IReadOnlyList<IncidentSummary>)Enumerable.Range(0, OpenPerGrid)
                .Select(_ => SampleIncidents.Summary(random, ReferenceData.Catalogue, grid))
                .ToList());

        var scope = areas.All
            .Where(area => area.Level == Scope)
            .MaxBy(area => areas.GridsUnder(area.Code.Value).Count)!;
        _gridLists = areas.GridsUnder(scope.Code.Value).Select(grid => open[grid.Code.Value]).ToArray();
        _childTables = areas.Children(scope.Code.Value).Select(child => TableOf(areas, child, open)).ToArray();
    }

    [Benchmark]
    public IReadOnlyList<IncidentSummary> MergeOpenLists() =>
        _gridLists
            .SelectMany(list => list)
            .OrderByDescending(summary => summary.ReportedAt)
            .ThenBy(summary => summary.Id, StringComparer.Ordinal)
            .ToList();

    [Benchmark]
    public CounterTable SumChildCounters() => CounterTable.Sum(_childTables);

    /// <summary>What the child's grain holds: a grid counts its own cases, an area sums its children.</summary>
    private static CounterTable TableOf(AreaDirectory areas, Area area, IReadOnlyDictionary<string, IReadOnlyList<IncidentSummary>> open) =>
        area.Level == AreaLevel.Grid
            ? CounterTable.From(open[area.Code.Value]
                .GroupBy(summary => (summary.State, summary.Category))
                .Select(group => KeyValuePair.Create(group.Key, group.Count())))
            : CounterTable.Sum(areas.Children(area.Code.Value).Select(child => TableOf(areas, child, open)));
}
