using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Web.Incidents;

public sealed record IncidentPage(string Area, IReadOnlyList<IncidentSummary> Items, int Total, int Page, int PageSize);

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

    public async Task<IncidentPage> Page(AreaCode code, IncidentFilter filter, int page, int pageSize)
    {
        var all = await OpenUnder(code, filter);
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new IncidentPage(code.Value, items, all.Count, page, pageSize);
    }

    public Task<CounterTable> Counters(AreaCode code) =>
        code.IsGrid
            ? grains.GetGrain<IGridGrain>(code.Value).Counters()
            : grains.GetGrain<IAreaGrain>(code.Value).Counters();
}
