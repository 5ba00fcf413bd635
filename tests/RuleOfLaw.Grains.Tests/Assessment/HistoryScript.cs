using Microsoft.Extensions.DependencyInjection;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Tests.Assessment;

/// <summary>
/// Plans a fixed, seeded history, recording in <see cref="ScriptedCase"/> what each step does, then
/// plays it through the real incident grains on the scripted clock; every step must be accepted.
/// Cases are played one after another, the one whose last step comes latest first: the clock then
/// never passes a deadline of a case already played, so a reminder that fires meanwhile finds
/// nothing due, and a case goes late only where the script takes its step late. The history lies
/// years ahead of the real clock, because Orleans schedules activation collection from the same
/// time provider and refuses instants before its own now.
/// </summary>
public sealed class HistoryScript(ScriptedClockClusterFixture cluster, int seed)
{
    private const string District = "510802";
    private static readonly string[] Units = ["police", "emergency", "fire", "ecology"];
    private static readonly IncidentSource[] IntakeSources =
        [IncidentSource.Hotline, IncidentSource.Public, IncidentSource.Media, IncidentSource.Video, IncidentSource.Leader];

    private static readonly Actor Intake1 = new("intake-1", Role.Intake, null, AreaCode.Parse(District));
    private static readonly Actor Intake2 = new("intake-2", Role.Intake, null, AreaCode.Parse(District));
    private static readonly Actor ShiftLeader = new("shift-1", Role.ShiftLeader, null, AreaCode.Parse(District));
    private static readonly Actor Dispatcher = new("dispatcher-1", Role.Dispatcher, null, AreaCode.Parse(District));

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, List<(DateTimeOffset At, IncidentCommand Command, IncidentState Expected)>> _plans = [];
    private DateTimeOffset _at;

    public List<ScriptedCase> Cases { get; } = [];

    /// <summary>The grids the history uses: spread over the district so several streets and communities get cases.</summary>
    public IReadOnlyList<string> Grids { get; private set; } = [];

    public async Task Play(int caseCount, DateTimeOffset oldest)
    {
        var all = cluster.Areas.GridsUnder(District);
        Grids = Enumerable.Range(0, 12).Select(i => all[i * (all.Count / 12)].Code.Value).ToList();
        _ = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<CatalogueBook>().FindUnit(Units[0])
            ?? throw new InvalidOperationException("The catalogue lacks the units the history dispatches to.");

        for (var i = 0; i < caseCount; i++)
        {
            _at = oldest + TimeSpan.FromHours(6 * i) + TimeSpan.FromMinutes(_random.Next(60));
            PlanCase();
            if (Cases[^1].State.IsOpen() && Chance(0.3))
            {
                PlanDuplicateOf(Cases[^1]);
            }
        }

        foreach (var c in Cases.OrderByDescending(c => _plans[c.Id][^1].At).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            foreach (var (at, command, expected) in _plans[c.Id])
            {
                cluster.Clock.Now = at;
                var grain = cluster.Grains.GetGrain<IIncidentGrain>(c.Id);
                var result = command is ReportIncident report ? await grain.Report(report, at) : await grain.Execute(command, at);
                Assert.True(
                    result.Status == CommandStatus.Accepted && result.Incident?.State == expected,
                    $"{c.Id} {command.Kind}: {result.Status} to {result.Incident?.State} (expected {expected}) {result.Message?.En} "
                    + string.Join("; ", result.Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value.Select(text => text.En))}")));
            }
        }
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static Actor GridWorkerOf(string grid, int index) => new($"gw-{index:D2}", Role.GridWorker, null, AreaCode.Parse(grid));

    private static Actor HandlerOf(string unit) => new($"handler-{unit}", Role.UnitHandler, unit, AreaCode.Parse(District));

    private void PlanCase()
    {
        var gridIndex = _random.Next(Grids.Count);
        var grid = Grids[gridIndex];
        var worker = GridWorkerOf(grid, gridIndex);
        var patrol = Chance(0.55);
        var intake = Chance(0.5) ? Intake1 : Intake2;
        var source = patrol ? IncidentSource.Patrol : Pick(IntakeSources);
        var reporter = patrol ? worker : intake;
        var (longitude, latitude) = cluster.PointIn(grid);
        var c = new ScriptedCase
        {
            Id = Guid.CreateVersion7(_at).ToString(),
            Grid = grid,
            Reporter = reporter.UserId,
            Source = source,
            ReportedAt = _at,
        };
        Cases.Add(c);
        _plans[c.Id] = [(_at, new ReportIncident(reporter, "CG01", $"考核回放 {Cases.Count}", longitude, latitude, null, source, false, patrol ? ["photo/before.jpg"] : []), IncidentState.Reported)];

        if (patrol && Chance(0.12))
        {
            Step(c, new StepCommand(CommandKind.SelfHandle, worker, null, ["photo/after.jpg"]), IncidentState.SelfHandled);
            if (Chance(0.75))
            {
                Step(c, new CloseIncident(ShiftLeader, ClosureKind.Normal, null, []), IncidentState.Closed);
                c.Closure = ClosureKind.Normal;
                if (Chance(0.5))
                {
                    Revisit(c, Pick([Satisfaction.Satisfied, Satisfaction.BasicallySatisfied, Satisfaction.Dissatisfied]), disputed: false);
                }
            }
            else
            {
                Step(c, new StepCommand(CommandKind.Reject, intake, "不属于受理范围", []), IncidentState.Rejected);
            }

            return;
        }

        if (!patrol && Chance(0.2))
        {
            Step(c, new StepCommand(CommandKind.RequestVerification, intake, null, []), IncidentState.Verifying);
            var exists = Chance(0.7);
            Step(c, new VerdictCommand(CommandKind.Verify, exists, worker, exists ? null : "现场未发现", []), exists ? IncidentState.Reported : IncidentState.Rejected);
            if (!exists)
            {
                return;
            }
        }

        if (Chance(0.06))
        {
            Step(c, new StepCommand(CommandKind.Reject, intake, "重复或无效信息", []), IncidentState.Rejected);
            return;
        }

        Step(c, new StepCommand(CommandKind.Forward, intake, null, []), IncidentState.PendingRegistration);
        if (Chance(0.05))
        {
            Step(c, new StepCommand(CommandKind.Void, ShiftLeader, "不予立案", []), IncidentState.Voided);
            return;
        }

        if (Chance(0.04))
        {
            return;
        }

        // Some cases are registered a day or more after they were reported, across midnight and
        // across month ends, so report counters and case counters fall on different days.
        var registrationDelay = Chance(0.2) ? TimeSpan.FromHours(20 + _random.Next(50)) : (TimeSpan?)null;
        Step(c, new StepCommand(CommandKind.Register, ShiftLeader, null, []), IncidentState.Registered, registrationDelay);
        c.RegisteredAt = _at;
        if (Chance(0.05))
        {
            return;
        }

        Dispatch(c, Pick(Units));
        if (Chance(0.1))
        {
            Step(c, new StepCommand(CommandKind.RequestReturn, HandlerOf(c.Unit!), "不属于本单位职责", []), IncidentState.Dispatched);
            if (Chance(0.25))
            {
                return;
            }

            // Some returns are approved a month on, past any handling limit: the clock stops late, and
            // that lateness is the returning unit's, not the next one's.
            var returnedLate = Chance(0.3);
            Step(c, new VerdictCommand(CommandKind.DecideReturn, true, Dispatcher, null, []), IncidentState.Registered, returnedLate ? TimeSpan.FromDays(30) : null);
            if (returnedLate)
            {
                c.LateUnits.Add(c.Unit!);
            }

            c.Unit = null;
            if (Chance(0.25))
            {
                return;
            }

            Dispatch(c, Pick(Units));
        }

        if (Chance(0.05))
        {
            return;
        }

        Step(c, new StepCommand(CommandKind.Sign, HandlerOf(c.Unit!), null, []), IncidentState.InProgress);
        if (Chance(0.15))
        {
            Step(c, new RequestExtension(HandlerOf(c.Unit!), new TimeLimit(2, TimeLimitUnit.WorkingDays), "需要调配机械", []), IncidentState.InProgress);
            var granted = Chance(0.7);
            Step(c, new VerdictCommand(CommandKind.DecideExtension, granted, Dispatcher, granted ? null : "理由不充分", []), IncidentState.InProgress);
            c.ExtensionGranted |= granted;
        }

        if (Chance(0.12))
        {
            Step(c, new StepCommand(CommandKind.RequestHang, HandlerOf(c.Unit!), "冬季无法施工", []), IncidentState.InProgress);
            Step(c, new VerdictCommand(CommandKind.DecideHang, true, Dispatcher, null, []), IncidentState.Hung);
            if (Chance(0.6))
            {
                return;
            }

            Step(c, new StepCommand(CommandKind.Resume, Dispatcher, null, []), IncidentState.InProgress);
        }

        if (Chance(0.05))
        {
            return;
        }

        Handle(c, late: Chance(0.2));
        if (Chance(0.04))
        {
            return;
        }

        if (!CheckUntilPassed(c, worker))
        {
            return;
        }

        if (Chance(0.04))
        {
            return;
        }

        var closure = Chance(0.8) ? ClosureKind.Normal : Pick([ClosureKind.Overdue, ClosureKind.Special]);
        Step(c, new CloseIncident(ShiftLeader, closure, closure == ClosureKind.Normal ? null : "按规定结案", []), IncidentState.Closed);
        c.Closure = closure;
        if (!Chance(0.55))
        {
            return;
        }

        var disputed = Chance(0.25);
        Revisit(c, disputed ? Satisfaction.Dissatisfied : Pick([Satisfaction.Satisfied, Satisfaction.BasicallySatisfied, Satisfaction.Dissatisfied]), disputed);
        if (!disputed || Chance(0.4))
        {
            return;
        }

        // The reopened case goes round again with the same unit, and is revisited once more.
        Step(c, new StepCommand(CommandKind.Sign, HandlerOf(c.Unit!), null, []), IncidentState.InProgress);
        Handle(c, late: false);
        if (!CheckUntilPassed(c, worker))
        {
            return;
        }

        Step(c, new CloseIncident(ShiftLeader, ClosureKind.Normal, null, []), IncidentState.Closed);
        c.Closure = ClosureKind.Normal;
        if (Chance(0.7))
        {
            Revisit(c, Pick([Satisfaction.Satisfied, Satisfaction.BasicallySatisfied]), disputed: false);
        }
    }

    /// <summary>
    /// A second report of the same matter, by a caller on the hotline, made a minute after the
    /// original and merged into it just before the original's last step: so the original is
    /// played first and is still open when the merge comes.
    /// </summary>
    private void PlanDuplicateOf(ScriptedCase original)
    {
        var plan = _plans[original.Id];
        var reportedAt = plan[0].At + TimeSpan.FromMinutes(1);
        var mergedAt = plan[^1].At - TimeSpan.FromMinutes(1);
        if (mergedAt <= reportedAt)
        {
            return;
        }

        var (longitude, latitude) = cluster.PointIn(original.Grid);
        var duplicate = new ScriptedCase
        {
            Id = Guid.CreateVersion7(reportedAt).ToString(),
            Grid = original.Grid,
            Reporter = Intake2.UserId,
            Source = IncidentSource.Hotline,
            ReportedAt = reportedAt,
            MergedInto = original.Id,
        };
        Cases.Add(duplicate);
        _plans[duplicate.Id] =
        [
            (reportedAt, new ReportIncident(Intake2, "CG01", $"考核回放 重复 {Cases.Count}", longitude, latitude, null, IncidentSource.Hotline, false, []), IncidentState.Reported),
            (mergedAt, new MergeIncident(Intake2, original.Id, "同一处违法建设", []), IncidentState.Reported),
        ];
    }

    private void Dispatch(ScriptedCase c, string unit)
    {
        Step(c, new DispatchIncident(Dispatcher, unit, "指定处置单位", []), IncidentState.Dispatched);
        c.Unit = unit;
        c.DispatchSteps++;
    }

    /// <summary>Reports the handling soon after signing, or a month later: past any handling limit of the catalogue's working hours.</summary>
    private void Handle(ScriptedCase c, bool late)
    {
        Step(c, new StepCommand(CommandKind.Handle, HandlerOf(c.Unit!), null, ["photo/after.jpg"]), IncidentState.Handled, late ? TimeSpan.FromDays(30) : null);
        if (late)
        {
            c.LateUnits.Add(c.Unit!);
        }
    }

    /// <summary>Sends checks until one passes (a failed one is rework: the unit signs and handles again); false when the script stops midway.</summary>
    private bool CheckUntilPassed(ScriptedCase c, Actor worker)
    {
        for (var round = 0; ; round++)
        {
            Step(c, new StepCommand(CommandKind.SendCheck, Intake1, null, []), IncidentState.Checking);
            if (Chance(0.04))
            {
                return false;
            }

            var passed = round >= 2 || Chance(0.8);
            Step(c, new VerdictCommand(CommandKind.Check, passed, worker, passed ? null : "未清理干净", []), passed ? IncidentState.PendingClose : IncidentState.Dispatched);
            if (passed)
            {
                return true;
            }

            c.Reworks++;
            Step(c, new StepCommand(CommandKind.Sign, HandlerOf(c.Unit!), null, []), IncidentState.InProgress);
            Handle(c, late: false);
        }
    }

    private void Revisit(ScriptedCase c, Satisfaction rating, bool disputed)
    {
        Step(c, new RevisitIncident(Intake2, rating, disputed, disputed ? "群众反映问题仍在" : null, []), disputed ? IncidentState.Dispatched : IncidentState.Closed);
        c.Rating = rating;
        c.Disputed = disputed;
        if (disputed)
        {
            c.Reworks++;
        }
    }

    private void Step(ScriptedCase c, IncidentCommand command, IncidentState expected, TimeSpan? after = null)
    {
        _at += after ?? TimeSpan.FromMinutes(2 + _random.Next(6));
        _plans[c.Id].Add((_at, command, expected));
        c.State = expected;
    }
}
