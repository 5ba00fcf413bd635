using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Holds a grid's open cases and counters in memory. Nothing here is persisted on its own: on
/// activation the grid rebuilds from the incident projection, which is written in the same
/// transaction as each event, so a crash can never leave the counts behind the cases.
/// </summary>
public sealed class GridGrain(IIncidentStore store) : Grain, IGridGrain
{
    private readonly Dictionary<string, IncidentSummary> _open = [];
    private readonly Dictionary<(IncidentState, string), int> _counts = [];
    private bool _dirty;

    private AreaCode Code => AreaCode.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var code = Code.Value;
        foreach (var projection in await store.ReadOpenInGrid(code, cancellationToken))
        {
            _open[projection.IncidentId] = IncidentEventJson.SummaryOf(projection);
        }

        var counts = CounterTable.FromStore(await store.CountUnder(code, code.Length, cancellationToken));
        foreach (var row in counts.GetValueOrDefault(code, CounterTable.Empty).Rows)
        {
            _counts[(row.State, row.Category)] = row.Count;
        }

        // The parent may have counted this grid before the change that woke it up (the store
        // already holds that change, so Apply will ignore it): report the fresh table once.
        _dirty = true;
        RollupTimer.Start(this, PushIfDirty);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => PushIfDirty();

    public Task Apply(IncidentSummary summary)
    {
        if (_open.TryGetValue(summary.Id, out var held))
        {
            if (held.Version >= summary.Version)
            {
                return Task.CompletedTask;
            }

            Count(held, -1);
        }
        else if (!summary.IsOpen)
        {
            // A closed case this grid does not hold open was committed before the grid loaded its
            // counts, so the store's counts already include it: counting it again would double it.
            return Task.CompletedTask;
        }

        // A merged report counts once, as its original: it leaves the counts as it leaves the list.
        if (summary.MergedInto is null)
        {
            Count(summary, +1);
        }

        if (summary.IsOpen)
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

    public Task<CounterTable> Counters() => Task.FromResult(CounterTable.From(_counts));

    private void Count(IncidentSummary summary, int delta)
    {
        var key = (summary.State, summary.Category);
        _counts[key] = _counts.GetValueOrDefault(key) + delta;
        _dirty = true;
    }

    private async Task PushIfDirty()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        var code = Code;
        await GrainFactory.GetGrain<IAreaGrain>(code.Parent!.Value.Value).ReportChild(code.Value, CounterTable.From(_counts));
    }
}
