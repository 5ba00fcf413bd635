namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Community, street or district counters: the sum of its children's latest tables. Starts from
/// the store's counts (so a restart shows every case at once, before any grid wakes up), then
/// takes the coalesced reports of its children and reports upward the same way.
/// </summary>
public sealed class AreaGrain(Incidents.IIncidentStore store) : Grain, IAreaGrain
{
    private readonly Dictionary<string, CounterTable> _children = [];
    private CounterTable? _total;
    private bool _dirty;

    private AreaCode Code => AreaCode.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var code = Code.Value;
        var rows = await store.CountUnder(code, code.Length + 3, cancellationToken);
        foreach (var (child, table) in CounterTable.FromStore(rows))
        {
            _children[child] = table;
        }

        // Report the table read from the store once, for the same reason as a grid does.
        _dirty = true;
        RollupTimer.Start(this, PushIfDirty);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => PushIfDirty();

    public Task ReportChild(string childCode, CounterTable counters)
    {
        _children[childCode] = counters;
        _total = null;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<CounterTable> Counters() => Task.FromResult(_total ??= CounterTable.Sum(_children.Values));

    private async Task PushIfDirty()
    {
        if (!_dirty || Code.Parent is not { } parent)
        {
            return;
        }

        _dirty = false;
        await GrainFactory.GetGrain<IAreaGrain>(parent.Value).ReportChild(Code.Value, await Counters());
    }
}
