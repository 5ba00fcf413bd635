using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Units;

/// <summary>
/// A unit (处置单位) and its work queue: the open cases dispatched to it. Keyed by the unit id
/// of the catalogue; status, members and positions of field teams come with later issues.
/// </summary>
[Alias("RuleOfLaw.Grains.Units.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Takes the newest summary of a case that is, or was until now, assigned to this unit.</summary>
    [Alias("Apply")]
    Task Apply(IncidentSummary summary);

    /// <summary>The unit's open cases that match the filter, newest report first.</summary>
    [Alias("OpenIncidents")]
    Task<IReadOnlyList<IncidentSummary>> OpenIncidents(IncidentFilter filter);
}

/// <summary>
/// In memory only, like a grid: on activation the queue is rebuilt from the incident projection,
/// which records the assigned unit in the same transaction as each event.
/// </summary>
public sealed class UnitGrain(IIncidentStore store) : Grain, IUnitGrain
{
    private readonly Dictionary<string, IncidentSummary> _open = [];

    private string UnitId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var projection in await store.ReadOpenAssignedTo(UnitId, cancellationToken))
        {
            _open[projection.IncidentId] = IncidentEventJson.SummaryOf(projection);
        }
    }

    public Task Apply(IncidentSummary summary)
    {
        if (_open.TryGetValue(summary.Id, out var held) && held.Version >= summary.Version)
        {
            return Task.CompletedTask;
        }

        // Returned, redispatched elsewhere, or finished: the case leaves this unit's queue.
        if (summary.IsOpen && summary.AssignedUnitId == UnitId)
        {
            _open[summary.Id] = summary;
        }
        else
        {
            _open.Remove(summary.Id);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IncidentSummary>> OpenIncidents(IncidentFilter filter) =>
        Task.FromResult<IReadOnlyList<IncidentSummary>>(_open.Values
            .Where(filter.Matches)
            .OrderByDescending(summary => summary.ReportedAt)
            .ThenBy(summary => summary.Id, StringComparer.Ordinal)
            .ToList());
}
