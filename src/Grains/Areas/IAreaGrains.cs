using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// A unit grid (单元网格): knows its open cases and its counters; keyed by its 15-digit code.
/// </summary>
[Alias("RuleOfLaw.Grains.Areas.IGridGrain")]
public interface IGridGrain : IGrainWithStringKey
{
    /// <summary>Takes the newest summary of one of its cases; older versions are ignored.</summary>
    [Alias("Apply")]
    Task Apply(IncidentSummary summary);

    /// <summary>The grid's open cases that match the filter, newest report first.</summary>
    [Alias("OpenIncidents")]
    Task<IReadOnlyList<IncidentSummary>> OpenIncidents(IncidentFilter filter);

    [Alias("Counters")]
    Task<CounterTable> Counters();
}

/// <summary>
/// A community, street or district: rolled-up counters of its children, refreshed by coalesced
/// reports from below so that no area grain sits on the command path.
/// </summary>
[Alias("RuleOfLaw.Grains.Areas.IAreaGrain")]
public interface IAreaGrain : IGrainWithStringKey
{
    /// <summary>A child's whole table; the latest report of each child replaces the previous one.</summary>
    [Alias("ReportChild")]
    Task ReportChild(string childCode, CounterTable counters);

    [Alias("Counters")]
    Task<CounterTable> Counters();
}
