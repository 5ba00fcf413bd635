using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Escalation;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Grains.Incidents.CommandKind;

namespace RuleOfLaw.Domain.Tests.Clocks;

/// <summary>
/// The clocks of one case on a fake time provider, through a weekend, a public holiday and a
/// swapped working day. The case's handling limit is 4 working hours (08:30–12:00, 14:00–17:30);
/// the default policy escalates at the due time, 2 h and 8 h after it.
/// </summary>
public sealed class CaseClockTests
{
    private const string Community = "510802001002";
    private const string Street = "510802001";
    private const string District = "510802";

    /// <summary>Monday 30 November 2026 declared a holiday.</summary>
    private static readonly WorkCalendar HolidayMonday = WorkCalendar.Standard(new HashSet<DateOnly> { new(2026, 11, 30) });

    private static DateTimeOffset Beijing(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>Reported Friday 16:00, registered 16:20, dispatched and signed 16:30.</summary>
    private static ClockedCase SignedOnFridayAfternoon(WorkCalendar calendar)
    {
        var clocked = new ClockedCase(Beijing(11, 27, 16), calendar);
        clocked.Time.SetUtcNow(Beijing(11, 27, 16, 20));
        clocked.Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader);
        clocked.Time.SetUtcNow(Beijing(11, 27, 16, 30));
        return clocked.Do(Dispatch, Role.Dispatcher).Do(Sign, Role.UnitHandler);
    }

    [Fact]
    public void HandlingCountsWorkingHoursPastTheWeekendAndTheHolidayTurnsYellowAt80PercentRedAtTheLimitAndClimbsTheLadder()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);

        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((Beijing(11, 27, 16, 30), Beijing(12, 1, 10, 42), Beijing(12, 1, 11, 30), true), (handling.StartedAt, handling.WarnAt, handling.DueAt, handling.Working));
        Assert.Equal(
            [
                (Beijing(12, 1, 10, 42), "Handling Yellow"),
                (Beijing(12, 1, 11, 30), "Handling Red"),
                (Beijing(12, 1, 11, 30), $"Handling rung 1 {Community}"),
                (Beijing(12, 1, 13, 30), $"Handling rung 2 {Street}"),
                (Beijing(12, 1, 19, 30), $"Handling rung 3 {District} {FixedContext.LeadUnit}"),
            ],
            clocked.FollowUntil(Beijing(12, 31, 0)));
        Assert.Null(clocked.NextWake);
        Assert.Equal([ClockKind.Handling], clocked.Record.Late);
        Assert.Equal(3, clocked.Record.EscalationLevel);
        Assert.All(clocked.History.Skip(5), e => Assert.Equal((SystemActor.UserId, Role.System, IncidentState.InProgress), (e.ActorUserId, e.ActorRole, e.To)));
    }

    [Fact]
    public void AnUrgentCaseRunsItsHandlingOnContinuousTimeThroughTheNightTheWeekendAndTheHoliday()
    {
        var clocked = new ClockedCase(Beijing(11, 27, 16), HolidayMonday, urgent: true);
        clocked.Time.SetUtcNow(Beijing(11, 27, 16, 5));
        clocked.Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader);
        clocked.Time.SetUtcNow(Beijing(11, 27, 16, 30));
        clocked.Do(Dispatch, Role.Dispatcher).Do(Sign, Role.UnitHandler);

        // 4 working hours become 4 hours: due Friday 20:30 (not Tuesday 11:30), yellow at 19:42.
        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((Beijing(11, 27, 19, 42), Beijing(11, 27, 20, 30), false), (handling.WarnAt, handling.DueAt, handling.Working));
        Assert.Equal(
            [
                (Beijing(11, 27, 19, 42), "Handling Yellow"),
                (Beijing(11, 27, 20, 30), "Handling Red"),
                (Beijing(11, 27, 20, 30), $"Handling rung 1 {Community}"),
                (Beijing(11, 27, 22, 30), $"Handling rung 2 {Street}"),
                (Beijing(11, 28, 4, 30), $"Handling rung 3 {District} {FixedContext.LeadUnit}"),
            ],
            clocked.FollowUntil(Beijing(11, 30, 0)));
    }

    [Theory]
    [InlineData(TimeLimitUnit.WorkingHours, false, TimeLimitUnit.WorkingHours)]
    [InlineData(TimeLimitUnit.WorkingHours, true, TimeLimitUnit.ContinuousHours)]
    [InlineData(TimeLimitUnit.WorkingDays, true, TimeLimitUnit.NaturalDays)]
    [InlineData(TimeLimitUnit.NaturalDays, true, TimeLimitUnit.NaturalDays)]
    [InlineData(TimeLimitUnit.ContinuousHours, true, TimeLimitUnit.ContinuousHours)]
    public void OnlyAnUrgentCaseLeavesTheWorkingCalendarKeepingTheLimitsValue(TimeLimitUnit unit, bool urgent, TimeLimitUnit expected) =>
        Assert.Equal(new TimeLimit(4, expected), ClockRules.HandlingLimit(new TimeLimit(4, unit), urgent));

    [Fact]
    public void AtTheTopACaseHandledByAStreetOfficeReachesTheDistrictsQueueAndNoDepartmentsQueue()
    {
        var department = SignedOnFridayAfternoon(HolidayMonday);
        var office = new ClockedCase(Beijing(11, 27, 16), HolidayMonday, streetOffice: FixedContext.LeadUnit);
        office.Time.SetUtcNow(Beijing(11, 27, 16, 20));
        office.Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader);
        office.Time.SetUtcNow(Beijing(11, 27, 16, 30));
        office.Do(Dispatch, Role.Dispatcher).Do(Sign, Role.UnitHandler);

        Assert.Equal($"Handling rung 3 {District} {FixedContext.LeadUnit}", department.FollowUntil(Beijing(12, 31, 0))[^1].What);
        Assert.Equal($"Handling rung 3 {District}", office.FollowUntil(Beijing(12, 31, 0))[^1].What);
        Assert.Contains(EscalationQueues.OfUnit(FixedContext.LeadUnit), EscalationQueues.Of(department.Record, department.Context.DistrictDepartmentOf).Keys);
        Assert.Equal(
            new[] { EscalationQueues.OfArea(Community), EscalationQueues.OfArea(Street), EscalationQueues.OfArea(District) }.Order(),
            EscalationQueues.Of(office.Record, office.Context.DistrictDepartmentOf).Keys.Order());
    }

    [Fact]
    public void ASwappedWorkingSundayIsCountedSoTheDeadlineComesBeforeTheWeekIsOver()
    {
        var clocked = SignedOnFridayAfternoon(WorkCalendar.Standard(swappedWorkingDays: new HashSet<DateOnly> { new(2026, 11, 29) }));

        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((Beijing(11, 29, 10, 42), Beijing(11, 29, 11, 30)), (handling.WarnAt, handling.DueAt));
    }

    [Fact]
    public void NothingIsDueAtTheWeekendOrOnTheHolidayBeforeTheWarningPoint()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);

        foreach (var at in new[] { Beijing(11, 27, 17, 30), Beijing(11, 28, 12), Beijing(11, 29, 23, 59), Beijing(11, 30, 16), Beijing(12, 1, 10, 41) })
        {
            Assert.Empty(clocked.WakeAt(at));
            Assert.Equal(ClockColour.Green, clocked.Clock(ClockKind.Handling).ColourAt(at));
        }
    }

    [Fact]
    public void AHangStopsTheClockAndAResumeMovesItsDeadlinesByTheWorkingTimeItStoodStill()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.Time.SetUtcNow(Beijing(12, 1, 9));
        clocked.Do(RequestHang, Role.UnitHandler).Do(DecideHang, Role.Dispatcher);

        Assert.Equal(Beijing(12, 1, 9), clocked.Clock(ClockKind.Handling).PausedAt);
        Assert.Null(clocked.NextWake);
        Assert.Empty(clocked.WakeAt(Beijing(12, 2, 13)));
        Assert.Equal(ClockColour.Green, clocked.Clock(ClockKind.Handling).ColourAt(Beijing(12, 2, 13)));

        // 1 h 30 min were used before the hang: 1 h 42 min remain to yellow and 2 h 30 min to red.
        clocked.Time.SetUtcNow(Beijing(12, 2, 14));
        clocked.Do(Resume, Role.UnitHandler);
        Assert.Equal((Beijing(12, 2, 15, 42), Beijing(12, 2, 16, 30), (DateTimeOffset?)null), (clocked.Clock(ClockKind.Handling).WarnAt, clocked.Clock(ClockKind.Handling).DueAt, clocked.Clock(ClockKind.Handling).PausedAt));
        Assert.Equal(
            [(Beijing(12, 2, 15, 42), "Handling Yellow"), (Beijing(12, 2, 16, 30), "Handling Red"), (Beijing(12, 2, 16, 30), $"Handling rung 1 {Community}")],
            clocked.FollowUntil(Beijing(12, 2, 16, 30)));
    }

    [Fact]
    public void AnApprovedExtensionCountsFromTheOldDeadlineInItsOwnUnitAndWarnsAt80PercentOfTheWholeSpan()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.Time.SetUtcNow(Beijing(12, 1, 9));
        clocked.Do(CommandKind.RequestExtension, Role.UnitHandler).Do(DecideExtension, Role.Dispatcher);

        // Two working days after Tuesday 11:30 end with Thursday's last period; 80% of the 22 working
        // hours from Friday 16:30 is reached on Thursday at 11:06.
        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((Beijing(12, 3, 11, 6), Beijing(12, 3, 17, 30)), (handling.WarnAt, handling.DueAt));

        clocked.Time.SetUtcNow(Beijing(12, 3, 10));
        clocked.Do(Handle, Role.UnitHandler);
        Assert.Empty(clocked.Record.Clocks);
        Assert.Empty(clocked.Record.Late);
    }

    [Fact]
    public void AnExtensionThatTakesARedClockOutOfTheRedTakesTheCaseOffTheLadderUntilTheNewDeadlinePasses()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.FollowUntil(Beijing(12, 1, 14));
        Assert.Equal(2, clocked.Clock(ClockKind.Handling).Level);
        Assert.Contains(EscalationQueues.OfArea(Street), EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf).Keys);

        clocked.Time.SetUtcNow(Beijing(12, 1, 14));
        clocked.Do(CommandKind.RequestExtension, Role.UnitHandler).Do(DecideExtension, Role.Dispatcher);

        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((ClockColour.Green, 0, Beijing(12, 3, 17, 30)), (handling.Colour, handling.Level, handling.DueAt));
        Assert.Empty(EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf));
        Assert.Equal([ClockKind.Handling], clocked.Record.Late);
        Assert.Equal(
            [(Beijing(12, 3, 11, 6), "Handling Yellow"), (Beijing(12, 3, 17, 30), "Handling Red"), (Beijing(12, 3, 17, 30), $"Handling rung 1 {Community}")],
            clocked.FollowUntil(Beijing(12, 3, 17, 30)));
    }

    [Fact]
    public void AHungCaseLeavesTheEscalationQueuesWhileItHangsAndComesBackWhenItResumes()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.FollowUntil(Beijing(12, 1, 12));
        var queues = EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf).Keys.Order().ToList();
        Assert.Equal([EscalationQueues.OfArea(Community)], queues);

        clocked.Time.SetUtcNow(Beijing(12, 1, 12));
        clocked.Do(RequestHang, Role.UnitHandler).Do(DecideHang, Role.Dispatcher);
        Assert.Empty(EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf));

        clocked.Time.SetUtcNow(Beijing(12, 2, 9));
        clocked.Do(Resume, Role.UnitHandler);
        Assert.Equal(queues, EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf).Keys.Order());
    }

    [Fact]
    public void ACaseHandledAfterItsDeadlineIsLateEvenWhenNoReminderFiredInTime()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.Time.SetUtcNow(Beijing(12, 1, 11, 31));
        clocked.Do(Handle, Role.UnitHandler);

        Assert.Equal([ClockKind.Handling], clocked.Record.Late);
    }

    [Fact]
    public void StepClocksRunInContinuousTimeAndAStepTakenAfterItsDueTimeIsLate()
    {
        var clocked = new ClockedCase(Beijing(11, 26, 9, 30), HolidayMonday);
        Assert.Equal((Beijing(11, 26, 9, 54), Beijing(11, 26, 10), false), (clocked.Clock(ClockKind.Register).WarnAt, clocked.Clock(ClockKind.Register).DueAt, clocked.Clock(ClockKind.Register).Working));

        clocked.Time.SetUtcNow(Beijing(11, 26, 9, 40));
        clocked.Do(Forward, Role.Intake);
        Assert.Equal(Beijing(11, 26, 9, 30), clocked.Clock(ClockKind.Register).StartedAt);

        clocked.Time.SetUtcNow(Beijing(11, 26, 10, 5));
        clocked.Do(Register, Role.ShiftLeader);
        Assert.Equal([ClockKind.Register], clocked.Record.Late);
        Assert.Equal((ClockKind.Dispatch, Beijing(11, 26, 10, 29), Beijing(11, 26, 10, 35)), (clocked.Record.Clocks.Single().Kind, clocked.Record.Clocks.Single().WarnAt, clocked.Record.Clocks.Single().DueAt));
    }

    [Fact]
    public void AnUrgentCaseHasTheShorterStepLimit()
    {
        var clocked = new ClockedCase(Beijing(11, 26, 9, 30), HolidayMonday, urgent: true);

        Assert.Equal(Beijing(11, 26, 9, 40), clocked.Clock(ClockKind.Register).DueAt);
    }

    [Fact]
    public void AFailedCheckStartsAFreshHandlingClockWithTheWholeLimit()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);
        clocked.Time.SetUtcNow(Beijing(12, 1, 9));
        clocked.Do(Handle, Role.UnitHandler).Do(SendCheck, Role.Intake);
        Assert.Equal(ClockKind.Check, clocked.Record.Clocks.Single().Kind);

        clocked.Time.SetUtcNow(Beijing(12, 1, 10));
        clocked.Do(Check, Role.GridWorker, affirmed: false);

        var handling = clocked.Clock(ClockKind.Handling);
        Assert.Equal((Beijing(12, 1, 10), Beijing(12, 1, 16)), (handling.StartedAt, handling.DueAt));
        Assert.Empty(clocked.Record.Late);
    }

    [Fact]
    public void AReminderThatFiresLateAfterAnOutageCatchesUpInOneWakeAndATickRepeatedAddsNothing()
    {
        var clocked = SignedOnFridayAfternoon(HolidayMonday);

        var caughtUp = clocked.WakeAt(Beijing(12, 1, 20));
        Assert.Equal(
            ["Red", "1", "2", "3"],
            caughtUp.Select(e => e.Facts switch { ClockTurnedFacts turned => turned.Colour.ToString(), EscalatedFacts escalated => escalated.Level.ToString(), _ => "?" }));
        Assert.Equal(Enumerable.Range(6, 4), caughtUp.Select(e => e.Version));
        Assert.Empty(clocked.WakeAt(Beijing(12, 1, 20)));
    }

    [Fact]
    public void ClosingTheCaseStopsEveryClock()
    {
        var clocked = new ClockedCase(Beijing(11, 26, 9, 30), HolidayMonday);
        clocked.Do(SelfHandle, Role.GridWorker);
        Assert.Empty(clocked.Record.Clocks);
        clocked.Do(Close, Role.ShiftLeader);
        Assert.Empty(clocked.Record.Clocks);
        Assert.Null(clocked.NextWake);
    }
}
