using RuleOfLaw.Domain.Tests.Clocks;
using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Grains.Incidents.CommandKind;

namespace RuleOfLaw.Domain.Tests.Assessment;

/// <summary>What one case contributes, state by state (docs/assessment.md, "Per case").</summary>
public sealed class CaseTallyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset ReportedAt = new(2026, 10, 31, 23, 30, 0, Beijing);
    private static readonly DateTimeOffset RegisteredAt = new(2026, 11, 1, 0, 10, 0, Beijing);

    private static IncidentRecord Case(IncidentState state, IncidentSource source = IncidentSource.Patrol, bool registered = true) =>
        Cases.InState(state, source: source) with { ReportedAt = ReportedAt, RegisteredAt = registered ? RegisteredAt : null, DispatchCount = 1 };

    [Fact]
    public void ReportCountersFallOnTheReportDayAndCaseCountersOnTheRegistrationDayInBeijingTime()
    {
        var tally = CaseTally.Of(Case(IncidentState.InProgress));

        Assert.Equal(new DateOnly(2026, 10, 31), tally.ReportDay);
        Assert.Equal(new DateOnly(2026, 11, 1), tally.RegistrationDay);
        Assert.Equal(new CounterSet { Reported = 1, ValidReports = 1 }, tally.ReportCounters);
        Assert.Equal(new CounterSet { Registered = 1, DueToClose = 1, DueToHandle = 1, Dispatches = 1 }, tally.CaseCounters);
        Assert.Equal(tally.ReportCounters, tally.Within(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1)));
        Assert.Equal(tally.CaseCounters, tally.Within(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void TheDayIsBeijingsEvenForAnInstantGivenInUtc()
    {
        var record = Case(IncidentState.Reported, registered: false) with { ReportedAt = new DateTimeOffset(2026, 10, 31, 16, 30, 0, TimeSpan.Zero) };

        Assert.Equal(new DateOnly(2026, 11, 1), CaseTally.Of(record).ReportDay);
    }

    [Fact]
    public void AClosedCaseHandledInTimeCountsClosedOnTimeAndHandledOnTime()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { Closure = ClosureKind.Normal, ReworkCount = 1, Extensions = [new TimeLimit(2, TimeLimitUnit.WorkingDays)] });

        Assert.Equal(
            new CounterSet
            {
                Registered = 1, DueToClose = 1, Closed = 1, ClosedOnTime = 1, DueToHandle = 1, Handled = 1, HandledOnTime = 1,
                Dispatches = 2, Rework = 1, Extended = 1,
            },
            tally.CaseCounters);
    }

    [Fact]
    public void AnOverdueClosureIsClosedButNotOnTime()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { Closure = ClosureKind.Overdue });

        Assert.Equal(1, tally.CaseCounters.Closed);
        Assert.Equal(0, tally.CaseCounters.ClosedOnTime);
    }

    [Fact]
    public void ACaseWhoseHandlingClockWentLateIsOverdueAndNeitherHandledNorClosedOnTime()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { Closure = ClosureKind.Normal, Late = [ClockKind.Dispatch, ClockKind.Handling], HandlingLateUnits = [FixedContext.LeadUnit] });

        Assert.Equal((1, 0, 1, 0, 1), (tally.CaseCounters.Closed, tally.CaseCounters.ClosedOnTime, tally.CaseCounters.Handled, tally.CaseCounters.HandledOnTime, tally.CaseCounters.Overdue));
    }

    [Fact]
    public void ALateStepOtherThanHandlingLeavesTheCaseOnTime()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { Closure = ClosureKind.Normal, Late = [ClockKind.Register, ClockKind.Check] });

        Assert.Equal((1, 1, 0), (tally.CaseCounters.ClosedOnTime, tally.CaseCounters.HandledOnTime, tally.CaseCounters.Overdue));
    }

    [Fact]
    public void AHungCaseCountsAsRegisteredAndHungAndInNoOtherCaseCounter()
    {
        var tally = CaseTally.Of(Case(IncidentState.Hung) with { ReworkCount = 2, Extensions = [new TimeLimit(1, TimeLimitUnit.WorkingDays)] });

        Assert.Equal(new CounterSet { Registered = 1, Hung = 1 }, tally.CaseCounters);
    }

    [Fact]
    public void ACaseReturnedAndAwaitingRedispatchIsDueToCloseButNotToHandle()
    {
        var tally = CaseTally.Of(Case(IncidentState.Registered) with { AssignedUnitId = null });

        Assert.Equal(new CounterSet { Registered = 1, DueToClose = 1, Dispatches = 1 }, tally.CaseCounters);
    }

    [Fact]
    public void ACaseSelfHandledAndClosedIsAValidReportWithoutCaseCounters()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed, registered: false) with { AssignedUnitId = null, DispatchCount = 0 });

        Assert.Equal(new CounterSet { Reported = 1, ValidReports = 1, SelfHandledClosed = 1 }, tally.ReportCounters);
        Assert.True(tally.CaseCounters.IsZero);
        Assert.Null(tally.RegistrationDay);
    }

    [Theory]
    [InlineData(IncidentState.Rejected)]
    [InlineData(IncidentState.Voided)]
    [InlineData(IncidentState.Reported)]
    public void AReportNeverRegisteredIsReportedButNotValid(IncidentState state)
    {
        var tally = CaseTally.Of(Case(state, registered: false) with { AssignedUnitId = null, DispatchCount = 0 });

        Assert.Equal(new CounterSet { Reported = 1 }, tally.ReportCounters);
        Assert.True(tally.CaseCounters.IsZero);
    }

    [Theory]
    [InlineData(IncidentSource.Hotline, 1)]
    [InlineData(IncidentSource.Public, 1)]
    [InlineData(IncidentSource.Media, 1)]
    [InlineData(IncidentSource.Petition, 1)]
    [InlineData(IncidentSource.Patrol, 0)]
    [InlineData(IncidentSource.Video, 0)]
    [InlineData(IncidentSource.Leader, 0)]
    public void ARegisteredCaseFromCitizensCountsAsAPublicReport(IncidentSource source, int expected) =>
        Assert.Equal(expected, CaseTally.Of(Case(IncidentState.Registered, source)).CaseCounters.PublicReports);

    [Theory]
    [InlineData(Satisfaction.Satisfied, false, 1, 0)]
    [InlineData(Satisfaction.BasicallySatisfied, false, 1, 0)]
    [InlineData(Satisfaction.Dissatisfied, false, 0, 0)]
    [InlineData(Satisfaction.Dissatisfied, true, 0, 1)]
    public void ARevisitCountsOnTheReportDayAsSatisfiedOrNotAndDisputedOrNot(Satisfaction rating, bool disputed, int satisfied, int disputes)
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { Revisit = new RevisitOutcome(rating, disputed, RegisteredAt.AddDays(3)) });

        Assert.Equal((1, satisfied, disputes), (tally.ReportCounters.Revisited, tally.ReportCounters.Satisfied, tally.ReportCounters.Disputed));
    }

    [Fact]
    public void AReportMergedIntoAnotherCountsForNothingOnItsOwn()
    {
        var tally = CaseTally.Of(Case(IncidentState.Reported, IncidentSource.Hotline, registered: false) with { MergedInto = "0196a0c5-0000-7000-8000-0000000000b1" });

        Assert.True(tally.ReportCounters.IsZero);
        Assert.True(tally.CaseCounters.IsZero);
        Assert.Empty(tally.Entries());
    }

    [Fact]
    public void ACaseIsAttributedToItsGridItsLastUnitAndItsReporter()
    {
        var tally = CaseTally.Of(Case(IncidentState.Closed) with { ReportedBy = "gw-7" });

        Assert.Equal((FixedContext.Grid, FixedContext.LeadUnit, "gw-7"), (tally.GridCode, tally.UnitId, tally.ReporterId));
    }

    [Fact]
    public void ADayLedgerTakesATallyAwayExactlyAsItAddedIt()
    {
        var ledger = new DailyLedger();
        var before = CaseTally.Of(Case(IncidentState.InProgress));
        var after = CaseTally.Of(Case(IncidentState.Closed) with { Closure = ClosureKind.Normal });

        ledger.Add(before, +1);
        ledger.Add(before, -1);
        ledger.Add(after, +1);

        Assert.Equal(after.ReportCounters.Plus(after.CaseCounters), ledger.Within(DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Equal(2, ledger.ToTable().Days.Count);
    }

    private static readonly Actor HousingHandler = new("housing-user", Role.UnitHandler, FixedContext.OtherUnit, Actors.District);

    private static DateTimeOffset December(int day, int hour) => new(2026, 12, day, hour, 0, 0, Beijing);

    /// <summary>Dispatched to the lead unit on Tuesday 1 December at 09:00 (handling limit: 4 working hours).</summary>
    private static ClockedCase DispatchedToTheLeadUnit() =>
        new ClockedCase(December(1, 9), WorkCalendar.Standard()).Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader).Do(Dispatch, Role.Dispatcher);

    /// <summary>The dispatcher approves the lead unit's return and sends the case to the housing unit, which signs and handles it at once.</summary>
    private static ClockedCase ReturnedAndHandledByHousing(ClockedCase clocked)
    {
        clocked.Do(RequestReturn, Role.UnitHandler).Do(DecideReturn, Role.Dispatcher);
        Assert.Null(clocked.Record.AssignedUnitId);
        Assert.Equal(new CounterSet { Registered = 1, DueToClose = 1, Dispatches = 1 }, CaseTally.Of(clocked.Record).CaseCounters);
        return clocked
            .Do(new DispatchIncident(Actors.Of(Role.Dispatcher), FixedContext.OtherUnit, "改派住建", []))
            .Do(new StepCommand(Sign, HousingHandler, null, []))
            .Do(new StepCommand(Handle, HousingHandler, null, ["photo/after.jpg"]));
    }

    [Fact]
    public void AUnitWhoseClockWentRedBeforeTheCaseWasReturnedKeepsItsLatenessAndTheNextUnitHandlesOnTime()
    {
        var clocked = DispatchedToTheLeadUnit();
        clocked.FollowUntil(December(2, 17));
        Assert.Equal([FixedContext.LeadUnit], clocked.Record.HandlingLateUnits);
        Assert.Equal(1, CaseTally.Of(clocked.Record).CaseCounters.Overdue);

        ReturnedAndHandledByHousing(clocked);

        var tally = CaseTally.Of(clocked.Record);
        Assert.Equal(FixedContext.OtherUnit, tally.UnitId);
        Assert.Equal([FixedContext.LeadUnit], clocked.Record.HandlingLateUnits);
        Assert.Contains(ClockKind.Handling, clocked.Record.Late);
        Assert.Equal(
            new CounterSet { Registered = 1, DueToClose = 1, DueToHandle = 1, Handled = 1, HandledOnTime = 1, Dispatches = 2 },
            tally.CaseCounters);
    }

    [Fact]
    public void AClockStoppedLateByTheReturnItselfIsTheReturningUnitsAndTheNextUnitIsChargedOnlyForItsOwn()
    {
        var clocked = DispatchedToTheLeadUnit();

        // No reminder woke the case: the return stops the clock past its due time.
        clocked.Time.SetUtcNow(December(3, 9));
        clocked.Do(RequestReturn, Role.UnitHandler).Do(DecideReturn, Role.Dispatcher);
        Assert.Equal([FixedContext.LeadUnit], clocked.Record.HandlingLateUnits);
        Assert.Equal(0, CaseTally.Of(clocked.Record).CaseCounters.Overdue);

        clocked.Do(new DispatchIncident(Actors.Of(Role.Dispatcher), FixedContext.OtherUnit, "改派住建", [])).Do(new StepCommand(Sign, HousingHandler, null, []));
        clocked.Time.SetUtcNow(December(7, 9));
        clocked.Do(new StepCommand(Handle, HousingHandler, null, ["photo/after.jpg"]));

        Assert.Equal([FixedContext.LeadUnit, FixedContext.OtherUnit], clocked.Record.HandlingLateUnits);
        var tally = CaseTally.Of(clocked.Record);
        Assert.Equal((FixedContext.OtherUnit, 1, 0, 1), (tally.UnitId, tally.CaseCounters.Handled, tally.CaseCounters.HandledOnTime, tally.CaseCounters.Overdue));
    }
}
