using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Web.Incidents;

/// <summary>
/// Reads of an area's cases. Grids are the source of truth for "what is open here", so an
/// area's list is the merge of its grids' lists, asked in parallel; an area's counters come from
/// its rolled-up area grain (or the grid itself).
/// </summary>
public sealed class AreaIncidents(IGrainFactory grains, AreaDirectory areas)
{
    public async Task<IReadOnlyList<IncidentSummary>> OpenUnder(AreaCode code, IncidentFilter filter)
    {
        var grids = areas.GridsUnder(code.Value);
        var lists = await Task.WhenAll(grids.Select(grid => grains.GetGrain<IGridGrain>(grid.Code.Value).OpenIncidents(filter)));
        return lists
            .SelectMany(list => list)
            .OrderByDescending(summary => summary.ReportedAt)
            .ThenBy(summary => summary.Id, StringComparer.Ordinal)
            .ToList();
    }

    public Task<CounterTable> Counters(AreaCode code) =>
        code.IsGrid
            ? grains.GetGrain<IGridGrain>(code.Value).Counters()
            : grains.GetGrain<IAreaGrain>(code.Value).Counters();
}
