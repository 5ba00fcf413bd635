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

    /// <summary>How often activation reads again when cases of the grid changed while it read.</summary>
    private const int ConsistentReadAttempts = 5;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var code = Code.Value;
        var (open, rows) = await ReadConsistently(code, cancellationToken);
        foreach (var projection in open)
        {
            _open[projection.IncidentId] = IncidentEventJson.SummaryOf(projection);
        }

        var counts = CounterTable.FromStore(rows);
        foreach (var row in counts.GetValueOrDefault(code, CounterTable.Empty).Rows)
        {
            _counts[(row.State, row.Category)] = row.Count;
        }

        // The parent may have counted this grid before the change that woke it up (the store
        // already holds that change, so Apply will ignore it): report the fresh table once.
        _dirty = true;
        RollupTimer.Start(this, PushIfDirty);
    }

    /// <summary>
    /// The open cases and the counts as of one moment. They are two reads, and a case of the grid
    /// that changes between them would be counted in its new state by the counts and again when its
    /// change reaches this grid (the list holding its old version): off by one until the grid is
    /// rebuilt. So the open list is read again after the counts; when it is unchanged (the same
    /// cases at the same versions: every change of an open case, a new case and a closure alter
    /// it) nothing of this grid changed in between and the two agree.
    /// </summary>
    private async Task<(IReadOnlyList<IncidentProjection> Open, IReadOnlyList<AreaStateCount> Counts)> ReadConsistently(string code, CancellationToken cancellationToken)
    {
        var open = await store.ReadOpenInGrid(code, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var counts = await store.CountUnder(code, code.Length, cancellationToken);
            var again = await store.ReadOpenInGrid(code, cancellationToken);
            if (SameCases(open, again) || attempt == ConsistentReadAttempts)
            {
                return (again, counts);
            }

            open = again;
        }
    }

    private static bool SameCases(IReadOnlyList<IncidentProjection> first, IReadOnlyList<IncidentProjection> second) =>
        first.Count == second.Count
        && first.Select(projection => (projection.IncidentId, projection.Version)).ToHashSet().SetEquals(second.Select(projection => (projection.IncidentId, projection.Version)));

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
