using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

public sealed class LifecycleRuleTests
{
    private readonly FixedContext _context = new();

    [Fact]
    public void APatrolReportBecomesReportedInTheGridOfItsLocationWithTheSubcategorysTimeLimit()
    {
        var decision = IncidentLifecycle.Decide(null, Cases.Report(), Cases.Now, _context);

        var e = Assert.IsType<Accepted>(decision).Event;
        var facts = Assert.IsType<ReportedFacts>(e.Facts);
        Assert.Equal(1, e.Version);
        Assert.Null(e.From);
        Assert.Equal(IncidentState.Reported, e.To);
        Assert.Equal(FixedContext.Grid, facts.Placement.GridCode);
        Assert.Equal("CG", facts.CategoryCode);
        Assert.Equal(new TimeLimit(4, TimeLimitUnit.WorkingHours), facts.HandlingLimit);
    }

    [Fact]
    public void AReportNamesEveryBadFieldAtOnce()
    {
        var bad = Cases.Report() with
        {
            SubcategoryCode = "XX99",
            Description = new string('字', IncidentLimits.DescriptionLength + 1),
            Longitude = 181,
            Latitude = double.NaN,
            Address = new string('a', IncidentLimits.AddressLength + 1),
            Attachments = [],
        };

        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, bad, Cases.Now, _context));

        Assert.Equal(RefusalKind.Invalid, refused.Kind);
        Assert.Equal(
            ["address", "attachments", "description", "latitude", "longitude", "subcategory"],
            refused.FieldErrors.Keys.Order());
    }

    [Fact]
    public void AReportOutsideTheDistrictIsUnprocessableAndNamesTheLocation()
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, Cases.Report(longitude: 106.5), Cases.Now, _context));

        Assert.Equal(RefusalKind.Unprocessable, refused.Kind);
        Assert.Contains("location", refused.FieldErrors.Keys);
    }

    [Fact]
    public void AGridWorkerCannotReportOutsideTheirOwnArea()
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, Cases.Report(longitude: 105.95), Cases.Now, _context));

        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
    }

    [Theory]
    [InlineData(Role.GridWorker, IncidentSource.Hotline)]
    [InlineData(Role.Intake, IncidentSource.Patrol)]
    public void PatrolReportsComeFromGridWorkersAndOtherSourcesFromIntake(Role role, IncidentSource source)
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, Cases.Report(Actors.Of(role), source), Cases.Now, _context));

        Assert.Equal(["source"], refused.FieldErrors.Keys);
    }

    [Theory]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.UnitHandler)]
    [InlineData(Role.Leader)]
    [InlineData(Role.ShiftLeader)]
    [InlineData(Role.Administrator)]
    public void OnlyGridWorkersAndIntakeMayReport(Role role)
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, Cases.Report(Actors.Of(role), IncidentSource.Hotline), Cases.Now, _context));

        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void ACommandOnACaseThatWasNeverReportedIsNotFound()
    {
        var decision = IncidentLifecycle.Decide(null, Cases.Command(CommandKind.Register, Actors.Of(Role.ShiftLeader)), Cases.Now, _context);

        Assert.Equal(RefusalKind.NotFound, Assert.IsType<Refused>(decision).Kind);
    }

    [Fact]
    public void IntakeCannotAskToVerifyAPatrolReport()
    {
        var current = Cases.InState(IncidentState.Reported, source: IncidentSource.Patrol);

        var decision = IncidentLifecycle.Decide(current, Cases.Command(CommandKind.RequestVerification, Actors.Of(Role.Intake)), Cases.Now, _context);

        Assert.Equal(RefusalKind.NotAllowed, Assert.IsType<Refused>(decision).Kind);
    }

    [Fact]
    public void DispatchWithoutAUnitGoesToThePowerListsLeadUnit()
    {
        var e = Accept(Cases.InState(IncidentState.Registered), new DispatchIncident(Actors.Of(Role.Dispatcher), null, null, []));

        var facts = Assert.IsType<DispatchedFacts>(e.Facts);
        Assert.Equal(FixedContext.LeadUnit, facts.UnitId);
        Assert.False(facts.Overridden);
    }

    [Fact]
    public void OverridingTheLeadUnitNeedsAReason()
    {
        var withoutReason = IncidentLifecycle.Decide(
            Cases.InState(IncidentState.Registered), new DispatchIncident(Actors.Of(Role.Dispatcher), FixedContext.OtherUnit, null, []), Cases.Now, _context);
        var withReason = Accept(
            Cases.InState(IncidentState.Registered), new DispatchIncident(Actors.Of(Role.Dispatcher), FixedContext.OtherUnit, "属住建局在建工地", []));

        Assert.Equal(["reason"], Assert.IsType<Refused>(withoutReason).FieldErrors.Keys);
        var facts = Assert.IsType<DispatchedFacts>(withReason.Facts);
        Assert.Equal(FixedContext.OtherUnit, facts.UnitId);
        Assert.Equal(FixedContext.LeadUnit, facts.DefaultUnitId);
        Assert.True(facts.Overridden);
    }

    [Fact]
    public void DispatchToAnUnknownUnitNamesTheUnitField()
    {
        var decision = IncidentLifecycle.Decide(
            Cases.InState(IncidentState.Registered), new DispatchIncident(Actors.Of(Role.Dispatcher), "nobody", "test", []), Cases.Now, _context);

        Assert.Equal(["unitId"], Assert.IsType<Refused>(decision).FieldErrors.Keys);
    }

    [Fact]
    public void AUnitThatIsNotAssignedCannotSign()
    {
        var stranger = new Actor("other", Role.UnitHandler, FixedContext.OtherUnit, Actors.District);

        var decision = IncidentLifecycle.Decide(Cases.InState(IncidentState.Dispatched), Cases.Command(CommandKind.Sign, stranger), Cases.Now, _context);

        Assert.Equal(RefusalKind.Forbidden, Assert.IsType<Refused>(decision).Kind);
    }

    [Fact]
    public void AnOperatorOutsideTheCasesAreaCannotAct()
    {
        var elsewhere = new Actor("intake-2", Role.Intake, null, AreaCode.Parse("510802008"));

        var decision = IncidentLifecycle.Decide(Cases.InState(IncidentState.Reported), Cases.Command(CommandKind.Forward, elsewhere), Cases.Now, _context);

        Assert.Equal(RefusalKind.Forbidden, Assert.IsType<Refused>(decision).Kind);
    }

    [Theory]
    [InlineData(CommandKind.Reject, IncidentState.Reported)]
    [InlineData(CommandKind.Void, IncidentState.PendingRegistration)]
    [InlineData(CommandKind.RequestReturn, IncidentState.Dispatched)]
    [InlineData(CommandKind.RequestHang, IncidentState.InProgress)]
    public void StepsThatRefuseOrUndoNeedAReason(CommandKind kind, IncidentState state)
    {
        var role = TransitionTable.Find(kind)!.Roles[0];

        var decision = IncidentLifecycle.Decide(Cases.InState(state), new StepCommand(kind, Actors.Of(role), "  ", []), Cases.Now, _context);

        Assert.Equal(["reason"], Assert.IsType<Refused>(decision).FieldErrors.Keys);
    }

    [Fact]
    public void HandlingNeedsAnAfterPhoto()
    {
        var decision = IncidentLifecycle.Decide(
            Cases.InState(IncidentState.InProgress), new StepCommand(CommandKind.Handle, Actors.Of(Role.UnitHandler), null, []), Cases.Now, _context);

        Assert.Equal(["attachments"], Assert.IsType<Refused>(decision).FieldErrors.Keys);
    }

    [Fact]
    public void AFailedCheckSendsTheCaseBackToTheSameUnitAndCountsARework()
    {
        var current = Cases.InState(IncidentState.Checking);

        var e = Accept(current, new VerdictCommand(CommandKind.Check, false, Actors.Of(Role.GridWorker), "垃圾未清理干净", ["photo/check.jpg"]));
        var next = IncidentLifecycle.Apply(current, e, current.Id);

        Assert.Equal(IncidentState.Dispatched, next.State);
        Assert.Equal(FixedContext.LeadUnit, next.AssignedUnitId);
        Assert.Equal(1, next.ReworkCount);
        Assert.Equal(Cases.Now, next.DispatchedAt);
    }

    [Fact]
    public void AnApprovedReturnSendsTheCaseBackForRedispatch()
    {
        var current = Cases.InState(IncidentState.Dispatched, PendingRequestKind.Return);

        var next = IncidentLifecycle.Apply(current, Accept(current, new VerdictCommand(CommandKind.DecideReturn, true, Actors.Of(Role.Dispatcher), null, [])), current.Id);

        Assert.Equal(IncidentState.Registered, next.State);
        Assert.Null(next.AssignedUnitId);
        Assert.Null(next.Pending);
        Assert.Contains(CommandKind.Dispatch, IncidentLifecycle.AllowedCommands(next, Actors.Of(Role.Dispatcher)));
    }

    [Fact]
    public void AnExtensionIsPendingUntilTheDispatcherApprovesIt()
    {
        var inProgress = Cases.InState(IncidentState.InProgress);
        var asked = IncidentLifecycle.Apply(
            inProgress,
            Accept(inProgress, new RequestExtension(Actors.Of(Role.UnitHandler), new TimeLimit(3, TimeLimitUnit.WorkingDays), "需协调产权单位", [])),
            inProgress.Id);
        var granted = IncidentLifecycle.Apply(
            asked, Accept(asked, new VerdictCommand(CommandKind.DecideExtension, true, Actors.Of(Role.Dispatcher), null, [])), asked.Id);

        Assert.Equal(PendingRequestKind.Extension, asked.Pending?.Kind);
        Assert.Empty(asked.Extensions);
        Assert.Null(granted.Pending);
        Assert.Equal([new TimeLimit(3, TimeLimitUnit.WorkingDays)], granted.Extensions);
    }

    [Fact]
    public void ARefusedExtensionLeavesTheLimitAlone()
    {
        var asked = Cases.InState(IncidentState.InProgress, PendingRequestKind.Extension);

        var next = IncidentLifecycle.Apply(
            asked, Accept(asked, new VerdictCommand(CommandKind.DecideExtension, false, Actors.Of(Role.Dispatcher), "时限充足", [])), asked.Id);

        Assert.Null(next.Pending);
        Assert.Empty(next.Extensions);
        Assert.Equal(IncidentState.InProgress, next.State);
    }

    [Fact]
    public void ACommandOfTheWrongShapeIsInvalidNotAccepted()
    {
        var decision = IncidentLifecycle.Decide(
            Cases.InState(IncidentState.Verifying), new StepCommand(CommandKind.Verify, Actors.Of(Role.GridWorker), null, []), Cases.Now, _context);

        Assert.Equal(["command"], Assert.IsType<Refused>(decision).FieldErrors.Keys);
    }

    [Fact]
    public void ReplayingTheWholeClosedLoopGivesTheSameRecordAsApplyingStepByStep()
    {
        var steps = new IncidentCommand[]
        {
            Cases.Report(),
            new StepCommand(CommandKind.Forward, Actors.Of(Role.Intake), null, []),
            new StepCommand(CommandKind.Register, Actors.Of(Role.ShiftLeader), null, []),
            new DispatchIncident(Actors.Of(Role.Dispatcher), null, null, []),
            new StepCommand(CommandKind.Sign, Actors.Of(Role.UnitHandler), null, []),
            new StepCommand(CommandKind.Handle, Actors.Of(Role.UnitHandler), null, ["photo/after.jpg"]),
            new StepCommand(CommandKind.SendCheck, Actors.Of(Role.Intake), null, []),
            new VerdictCommand(CommandKind.Check, true, Actors.Of(Role.GridWorker), null, []),
            new CloseIncident(Actors.Of(Role.ShiftLeader), ClosureKind.Normal, null, []),
        };
        IncidentRecord? record = null;
        var events = new List<IncidentEvent>();
        foreach (var step in steps)
        {
            var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(record, step, Cases.Now, _context)).Event;
            events.Add(e);
            record = IncidentLifecycle.Apply(record, e, "case-1");
        }

        var replayed = IncidentLifecycle.Replay("case-1", events);

        Assert.Equal(IncidentState.Closed, record!.State);
        Assert.Equal(ClosureKind.Normal, record.Closure);
        Assert.Equal(9, record.Version);
        Assert.Equal(record, replayed);
    }

    [Fact]
    public void EveryAcceptedStepRecordsTheLegalBasisOfTheCasesPowerListRowAsItStoodThen()
    {
        var steps = new IncidentCommand[]
        {
            Cases.Report(),
            new StepCommand(CommandKind.Forward, Actors.Of(Role.Intake), null, []),
            new StepCommand(CommandKind.Register, Actors.Of(Role.ShiftLeader), null, []),
            new DispatchIncident(Actors.Of(Role.Dispatcher), null, null, []),
        };
        IncidentRecord? record = null;
        var events = new List<IncidentEvent>();
        foreach (var step in steps)
        {
            var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(record, step, Cases.Now, _context)).Event;
            events.Add(e);
            record = IncidentLifecycle.Apply(record, e, "case-1");
        }

        Assert.All(events, e => Assert.Equal(FixedContext.Garbage.LegalBasis, e.LegalBasis));
        var back = IncidentEventJson.FromStored(IncidentEventJson.ToStored("case-1", events[^1], AuditChain.Genesis));
        Assert.Equal(FixedContext.Garbage.LegalBasis, back.LegalBasis);
    }

    [Fact]
    public void EventsSurviveTheirJsonFormUnchanged()
    {
        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(null, Cases.Report(), Cases.Now, _context)).Event;

        var stored = IncidentEventJson.ToStored("case-1", e, AuditChain.Genesis);
        var back = IncidentEventJson.FromStored(stored);

        Assert.Equal(stored.Payload, IncidentEventJson.ToStored("case-1", back, AuditChain.Genesis).Payload);
        Assert.Equal(e.At, back.At);
        Assert.IsType<ReportedFacts>(back.Facts);
        Assert.Contains("\"kind\":\"reported\"", stored.Payload);
    }

    private IncidentEvent Accept(IncidentRecord current, IncidentCommand command) =>
        Assert.IsType<Accepted>(IncidentLifecycle.Decide(current, command, Cases.Now, _context)).Event;
}
