using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// What grids, units, people and areas share: a coalescing timer (<see cref="RollupTimer"/>) that
/// pushes the scope's current month to its dashboards at most once a second, only when it changed.
/// </summary>
public abstract class AssessmentGrainBase(LiveNotifier notifier, TimeProvider time) : Grain
{
    private AssessmentUpdate? _published;
    private bool _changed;

    protected abstract AssessmentScope Scope { get; }

    /// <summary>Marks the counters as changed: the next tick compares and, if different, publishes.</summary>
    protected void Changed() => _changed = true;

    protected abstract CounterSet Within(DateOnly from, DateOnly to);

    public Task<CounterSet> Counters(DateOnly from, DateOnly to) => Task.FromResult(Within(from, to));

    public Task<AssessmentUpdate> Current() => Task.FromResult(Snapshot());

    protected void StartTimer(Func<Task>? alsoEverySecond = null) => RollupTimer.Start(this, async () =>
    {
        if (alsoEverySecond is not null)
        {
            await alsoEverySecond();
        }

        PublishIfChanged();
    });

    private void PublishIfChanged()
    {
        if (!_changed)
        {
            return;
        }

        _changed = false;
        var update = Snapshot();

        // The first tick after activation compares with nothing: a scope rebuilt from the store
        // after a restart says so once, and dashboards that resubscribed get the same numbers.
        if (_published is not null && _published with { At = update.At } == update)
        {
            return;
        }

        _published = update;
        notifier.Publish(update);
    }

    private AssessmentUpdate Snapshot()
    {
        var now = time.GetUtcNow();
        var (from, to) = AssessmentDays.MonthOf(now);
        var counters = Within(from, to);
        var scope = Scope;
        return new AssessmentUpdate(scope.Topic, scope.Kind, scope.Key, from, to, counters, AssessmentRates.Of(counters), now);
    }
}

/// <summary>
/// The ledger of a grid, unit or person. Nothing is persisted on its own: on activation the ledger
/// reads the tallies stored with the incident projection (written in the same transaction as each
/// event), so a crash never leaves the assessment behind the cases. A grid also reports its whole
/// day table to its community once a second when it changed, as <see cref="GridGrain"/> does.
/// </summary>
public sealed class CaseLedgerGrain(IIncidentStore store, LiveNotifier notifier, TimeProvider time)
    : AssessmentGrainBase(notifier, time), ICaseLedgerGrain
{
    private readonly Dictionary<string, (int Version, CaseTally? Tally)> _cases = new(StringComparer.Ordinal);
    private readonly DailyLedger _ledger = new();
    private bool _dirtyForParent;

    protected override AssessmentScope Scope => AssessmentScope.FromLedgerKey(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var scope = Scope;
        var tallyScope = scope.Kind switch
        {
            AssessmentScopeKind.Area => TallyScope.Area,
            AssessmentScopeKind.Unit => TallyScope.Unit,
            _ => TallyScope.Person,
        };
        foreach (var stored in await store.ReadTallies(tallyScope, scope.Key, cancellationToken))
        {
            var tally = IncidentEventJson.TallyOf(stored);
            _cases[stored.IncidentId] = (stored.Version, tally);
            _ledger.Add(tally, +1);
        }

        // The parent may have summed this grid before the change that woke it up: report once.
        _dirtyForParent = scope.Kind == AssessmentScopeKind.Area;
        Changed();
        StartTimer(ReportToParentIfDirty);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => ReportToParentIfDirty();

    public Task Apply(string incidentId, int version, CaseTally? tally)
    {
        var held = _cases.GetValueOrDefault(incidentId);
        if (held.Version >= version)
        {
            return Task.CompletedTask;
        }

        // tally(after) − tally(before): the held tally leaves, the new one enters. A case that left
        // this scope keeps its version here, so a late older change cannot bring it back.
        _ledger.Add(held.Tally, -1);
        _ledger.Add(tally, +1);
        _cases[incidentId] = (version, tally);
        if (held.Tally != tally)
        {
            _dirtyForParent = Scope.Kind == AssessmentScopeKind.Area;
            Changed();
        }

        return Task.CompletedTask;
    }

    public Task<DailyCounters> Daily() => Task.FromResult(_ledger.ToTable());

    protected override CounterSet Within(DateOnly from, DateOnly to) => _ledger.Within(from, to);

    private async Task ReportToParentIfDirty()
    {
        if (!_dirtyForParent)
        {
            return;
        }

        // Cleared before the call so that a change arriving meanwhile marks it again; set again when
        // the call fails, so the next tick reports rather than the figures above staying behind.
        _dirtyForParent = false;
        var grid = AreaCode.Parse(Scope.Key);
        try
        {
            await GrainFactory.GetGrain<IAreaAssessmentGrain>(grid.Parent!.Value.Value).ReportChild(grid.Value, _ledger.ToTable());
        }
        catch
        {
            _dirtyForParent = true;
            throw;
        }
    }
}

/// <summary>
/// A community, street or district: starts from the tallies stored under its code (so a restart
/// shows every case at once, before any grid wakes up), then takes its children's coalesced day
/// tables and reports upward the same way.
/// </summary>
public sealed class AreaAssessmentGrain(IIncidentStore store, LiveNotifier notifier, TimeProvider time)
    : AssessmentGrainBase(notifier, time), IAreaAssessmentGrain
{
    private readonly Dictionary<string, DailyCounters> _children = new(StringComparer.Ordinal);
    private DailyCounters? _total;
    private bool _dirtyForParent;

    private AreaCode Code => AreaCode.Parse(this.GetPrimaryKeyString());

    protected override AssessmentScope Scope => AssessmentScope.OfArea(Code);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var code = Code.Value;
        var byChild = new Dictionary<string, DailyLedger>(StringComparer.Ordinal);
        foreach (var stored in await store.ReadTallies(TallyScope.Area, code, cancellationToken))
        {
            var tally = IncidentEventJson.TallyOf(stored);
            var child = tally.GridCode[..(code.Length + 3)];
            if (!byChild.TryGetValue(child, out var ledger))
            {
                byChild[child] = ledger = new DailyLedger();
            }

            ledger.Add(tally, +1);
        }

        foreach (var (child, ledger) in byChild)
        {
            _children[child] = ledger.ToTable();
        }

        _dirtyForParent = true;
        Changed();
        StartTimer(ReportToParentIfDirty);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => ReportToParentIfDirty();

    public Task ReportChild(string childCode, DailyCounters counters)
    {
        _children[childCode] = counters;
        _total = null;
        _dirtyForParent = true;
        Changed();
        return Task.CompletedTask;
    }

    public Task<DailyCounters> Daily() => Task.FromResult(Total);

    public Task<IReadOnlyList<ChildCounters>> Children(DateOnly from, DateOnly to) =>
        Task.FromResult<IReadOnlyList<ChildCounters>>(_children
            .OrderBy(child => child.Key, StringComparer.Ordinal)
            .Select(child => new ChildCounters(child.Key, child.Value.Within(from, to)))
            .ToList());

    protected override CounterSet Within(DateOnly from, DateOnly to) => Total.Within(from, to);

    private DailyCounters Total => _total ??= DailyCounters.Sum(_children.Values);

    private async Task ReportToParentIfDirty()
    {
        if (!_dirtyForParent || Code.Parent is not { } parent)
        {
            return;
        }

        _dirtyForParent = false;
        try
        {
            await GrainFactory.GetGrain<IAreaAssessmentGrain>(parent.Value).ReportChild(Code.Value, Total);
        }
        catch
        {
            _dirtyForParent = true;
            throw;
        }
    }
}
