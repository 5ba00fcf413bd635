using RuleOfLaw.Domain.Tests.Clocks;
using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Escalation;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Supervision;
using static RuleOfLaw.Grains.Incidents.CommandKind;

namespace RuleOfLaw.Domain.Tests.Supervision;

/// <summary>Supervision orders (督办) and summonses (吹哨报到) on a case driven on a fake clock.</summary>
public sealed class SupervisionRuleTests
{
    private static readonly Actor Leader = Actors.Of(Role.Leader);
    private static readonly Actor LeadHandler = Actors.Of(Role.UnitHandler);
    private static readonly Actor HousingHandler = new("housing-user", Role.UnitHandler, FixedContext.OtherUnit, Actors.District);

    private static DateTimeOffset Beijing(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>A case dispatched to the lead unit and signed on Tuesday 1 December at 09:00.</summary>
    private static ClockedCase InProgress()
    {
        var clocked = new ClockedCase(Beijing(1, 9), WorkCalendar.Standard());
        return clocked.Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader).Do(Dispatch, Role.Dispatcher).Do(Sign, Role.UnitHandler);
    }

    private static Decision Try(ClockedCase clocked, IncidentCommand command) =>
        IncidentLifecycle.Decide(clocked.Record, command, clocked.Time.GetUtcNow(), new FixedContext());

    [Fact]
    public void AnOrderRepliedInTimeIsDoneAndItsClockStops()
    {
        var clocked = InProgress().Do(new IssueSupervision(Leader, "请说明处置进度", Beijing(1, 11), []));

        var order = Assert.Single(clocked.Record.Supervisions);
        Assert.Equal(("order-6", "leader-user", Beijing(1, 9), Beijing(1, 11)), (order.OrderId, order.IssuedBy, order.IssuedAt, order.ReplyBy));
        var clock = clocked.Clock(ClockKind.SupervisionReply);
        Assert.Equal(("order-6", Beijing(1, 10, 36), Beijing(1, 11)), (clock.Key, clock.WarnAt, clock.DueAt));

        clocked.Time.SetUtcNow(Beijing(1, 10));
        clocked.Do(new ReplySupervision(LeadHandler, "order-6", "已清运一半，下午完成", []));

        Assert.Equal((Beijing(1, 10), "unit-user", false), (clocked.Record.Supervisions[0].RepliedAt, clocked.Record.Supervisions[0].RepliedBy, clocked.Record.Supervisions[0].Overdue));
        Assert.DoesNotContain(clocked.Record.Clocks, c => c.Kind == ClockKind.SupervisionReply);
        Assert.Equal(ObligationStatus.Done, SupervisionQueues.Orders(clocked.Record)["leader:leader-user"].Single().Status);
    }

    [Fact]
    public void AnOverdueReplyEscalatesAndALateReplyStaysCountedAsLate()
    {
        var clocked = InProgress().Do(new IssueSupervision(Leader, "请说明处置进度", Beijing(1, 11), []));

        Assert.Equal(
            [(Beijing(1, 10, 36), "SupervisionReply Yellow"), (Beijing(1, 11), "SupervisionReply Red"), (Beijing(1, 11), "SupervisionReply rung 1 510802001002")],
            clocked.FollowUntil(Beijing(1, 12)));
        Assert.Equal(ObligationStatus.Overdue, SupervisionQueues.Orders(clocked.Record)["leader:leader-user"].Single().Status);
        Assert.Contains(EscalationQueues.OfArea("510802001002"), EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf).Keys);

        clocked.Do(new ReplySupervision(LeadHandler, "order-6", "已处理", []));

        Assert.Equal(ObligationStatus.DoneLate, SupervisionQueues.Orders(clocked.Record)["leader:leader-user"].Single().Status);
        Assert.Contains(ClockKind.SupervisionReply, clocked.Record.Late);
        Assert.Empty(EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf));
    }

    [Fact]
    public void OrdersAreRefusedWithoutAnInstructionOrWithAReplyDateInThePastAndRepliesNeedAnOrderAwaitingThem()
    {
        var clocked = InProgress();

        var bad = Assert.IsType<Refused>(Try(clocked, new IssueSupervision(Leader, " ", Beijing(1, 8), [])));
        Assert.Equal(RefusalKind.Invalid, bad.Kind);
        Assert.Equal(["instruction", "replyBy"], bad.FieldErrors.Keys.Order());
        Assert.Equal(RefusalKind.NotAllowed, Assert.IsType<Refused>(Try(clocked, new ReplySupervision(LeadHandler, "order-6", "回复", []))).Kind);

        clocked.Do(new IssueSupervision(Leader, "请说明处置进度", Beijing(2, 9), []));
        var unknown = Assert.IsType<Refused>(Try(clocked, new ReplySupervision(LeadHandler, "order-99", "回复", [])));
        Assert.Equal(["orderId"], unknown.FieldErrors.Keys);
        Assert.Equal(RefusalKind.Forbidden, Assert.IsType<Refused>(Try(clocked, new ReplySupervision(HousingHandler, "order-6", "回复", []))).Kind);
        Assert.Equal(RefusalKind.Forbidden, Assert.IsType<Refused>(Try(clocked, new IssueSupervision(Actors.Of(Role.Dispatcher), "催办", Beijing(2, 9), []))).Kind);
    }

    [Fact]
    public void EachSummonedDepartmentOwesItsOwnAcknowledgementAndAMissingOneEscalatesToThatDepartment()
    {
        var clocked = InProgress().Do(new SummonUnits(Actors.Of(Role.GridWorker), [FixedContext.LeadUnit, FixedContext.OtherUnit], Beijing(1, 10), "房屋结构隐患，需住建与执法联合处置", []));

        var summons = Assert.Single(clocked.Record.Summonses);
        Assert.Equal(("summons-6", "gw-1", "房屋结构隐患，需住建与执法联合处置"), (summons.SummonsId, summons.SummonedBy, summons.Reason));
        Assert.Equal(2, clocked.Record.Clocks.Count(c => c.Kind == ClockKind.SummonsAcknowledgement));

        clocked.Time.SetUtcNow(Beijing(1, 9, 30));
        clocked.Do(new AcknowledgeSummons(HousingHandler, "summons-6", "10 点前派结构工程师到场", []));
        Assert.Equal(RefusalKind.NotAllowed, Assert.IsType<Refused>(Try(clocked, new AcknowledgeSummons(HousingHandler, "summons-6", "再报到", []))).Kind);

        // The lead unit stays silent: with the policy's offsets its clock reaches the district at 18:00.
        var seen = clocked.FollowUntil(Beijing(1, 18));
        Assert.Equal($"SummonsAcknowledgement rung 3 510802 {FixedContext.LeadUnit}", seen[^1].What);

        var lines = SupervisionQueues.Summonses(clocked.Record);
        Assert.Equal(ObligationStatus.Done, lines[SupervisionQueues.OfUnit(FixedContext.OtherUnit)].Single().Status);
        Assert.Equal(ObligationStatus.Overdue, lines[SupervisionQueues.OfUnit(FixedContext.LeadUnit)].Single().Status);
        Assert.Contains(EscalationQueues.OfUnit(FixedContext.LeadUnit), EscalationQueues.Of(clocked.Record, clocked.Context.DistrictDepartmentOf).Keys);

        clocked.Do(new AcknowledgeSummons(LeadHandler, "summons-6", "明日到场", []));
        var tally = SummonsTally.Of(SupervisionQueues.Summonses(clocked.Record)[SupervisionQueues.OfUnit(FixedContext.LeadUnit)]);
        Assert.Equal(new SummonsTally(1, 0, 0, 1, 0), tally);
    }

    [Fact]
    public void ADepartmentNotSummonedCannotReportInAndSummonsesNeedKnownUnitsAndATimeAhead()
    {
        var clocked = InProgress();
        var worker = Actors.Of(Role.GridWorker);

        var bad = Assert.IsType<Refused>(Try(clocked, new SummonUnits(worker, ["nobody", "nobody"], Beijing(20, 9), "联合处置", [])));
        Assert.Equal(["acknowledgeBy", "unitIds"], bad.FieldErrors.Keys.Order());
        Assert.Equal(["reason"], Assert.IsType<Refused>(Try(clocked, new SummonUnits(worker, [FixedContext.OtherUnit], Beijing(1, 12), null, []))).FieldErrors.Keys);

        clocked.Do(new SummonUnits(worker, [FixedContext.OtherUnit], Beijing(1, 12), "联合处置", []));
        var stranger = new Actor("x", Role.UnitHandler, "environment", Actors.District);
        Assert.Equal(RefusalKind.Forbidden, Assert.IsType<Refused>(Try(clocked, new AcknowledgeSummons(stranger, "summons-6", "到场", []))).Kind);
    }

    [Fact]
    public void AnOrderAndASummonsStillWithinTheirTimeEndWithTheCaseAndAreCountedNeitherOnTimeNorLate()
    {
        // A case handled and checked, with an order and a summons owed when the shift leader closes it.
        var clocked = InProgress()
            .Do(new IssueSupervision(Leader, "请说明处置进度", Beijing(3, 9), []))
            .Do(new SummonUnits(Actors.Of(Role.GridWorker), [FixedContext.OtherUnit], Beijing(2, 9), "联合处置", []));
        clocked.Time.SetUtcNow(Beijing(1, 10));
        clocked.Do(Handle, Role.UnitHandler).Do(SendCheck, Role.Intake).Do(Check, Role.GridWorker).Do(Close, Role.ShiftLeader);

        Assert.Equal(IncidentState.Closed, clocked.Record.State);
        var order = Assert.Single(clocked.Record.Supervisions);
        Assert.Equal((Beijing(1, 10), false, false), (order.EndedAt, order.AwaitsReply, order.Overdue));
        Assert.Empty(SupervisionRules.Owed(clocked.Record));
        Assert.Empty(clocked.Record.Clocks);
        Assert.Equal(ObligationStatus.EndedWithCase, SupervisionQueues.Orders(clocked.Record)["leader:leader-user"].Single().Status);
        var lines = SupervisionQueues.Summonses(clocked.Record)[SupervisionQueues.OfUnit(FixedContext.OtherUnit)];
        Assert.Equal(ObligationStatus.EndedWithCase, lines.Single().Status);
        Assert.Equal(new SummonsTally(1, 0, 0, 0, 0, EndedWithCase: 1), SummonsTally.Of(lines));
        Assert.DoesNotContain(ClockKind.SummonsAcknowledgement, clocked.Record.Late);
        Assert.DoesNotContain(ClockKind.SupervisionReply, clocked.Record.Late);
    }

    [Fact]
    public void ASummonsAlreadyPastItsTimeWhenTheCaseFinishesStaysOverdueEvenBeforeItsClockTurnedRed()
    {
        var clocked = InProgress().Do(new SummonUnits(Actors.Of(Role.GridWorker), [FixedContext.OtherUnit, FixedContext.LeadUnit], Beijing(1, 10), "联合处置", []));
        clocked.Time.SetUtcNow(Beijing(1, 9, 30));
        clocked.Do(new AcknowledgeSummons(HousingHandler, "summons-6", "到场", []));

        // Past the time, and the reminder has not yet turned the clock red: the summons was missed all the same.
        clocked.Time.SetUtcNow(Beijing(1, 10, 0).AddSeconds(30));
        clocked.Do(Handle, Role.UnitHandler).Do(SendCheck, Role.Intake).Do(Check, Role.GridWorker).Do(Close, Role.ShiftLeader);

        var lines = SupervisionQueues.Summonses(clocked.Record);
        Assert.Equal(ObligationStatus.Overdue, lines[SupervisionQueues.OfUnit(FixedContext.LeadUnit)].Single().Status);
        Assert.Equal(ObligationStatus.Done, lines[SupervisionQueues.OfUnit(FixedContext.OtherUnit)].Single().Status);
        Assert.Equal(new SummonsTally(1, 0, 0, 0, 1), SummonsTally.Of(lines[SupervisionQueues.OfUnit(FixedContext.LeadUnit)]));
        Assert.Empty(clocked.Record.Clocks);
        Assert.Contains(ClockKind.SummonsAcknowledgement, clocked.Record.Late);
    }

    [Fact]
    public void AnOrderOnAReportThatIsRejectedOrMergedEndsWithItAndUndoingTheMergeDoesNotReviveIt()
    {
        static ClockedCase Ordered() => new ClockedCase(Beijing(1, 9), WorkCalendar.Standard())
            .Do(new IssueSupervision(Leader, "请尽快核实", Beijing(2, 9), []));

        var rejected = Ordered().Do(Reject, Role.Intake);
        Assert.Equal(ObligationStatus.EndedWithCase, SupervisionQueues.Orders(rejected.Record)["leader:leader-user"].Single().Status);

        var merged = Ordered().Do(Cases.Command(Merge, Actors.Of(Role.Intake)));
        Assert.True(merged.Record.IsMerged);
        Assert.Equal(ObligationStatus.EndedWithCase, SupervisionQueues.Orders(merged.Record)["leader:leader-user"].Single().Status);

        merged.Do(Unmerge, Role.Intake);
        Assert.True(merged.Record.IsOpen);
        Assert.Equal(ObligationStatus.EndedWithCase, SupervisionQueues.Orders(merged.Record)["leader:leader-user"].Single().Status);
        Assert.DoesNotContain(merged.Record.Clocks, clock => clock.Kind == ClockKind.SupervisionReply);
        Assert.Equal(RefusalKind.NotAllowed, Assert.IsType<Refused>(Try(merged, new ReplySupervision(Actors.Of(Role.ShiftLeader), "order-2", "已核实", []))).Kind);
    }

    [Fact]
    public void TheShiftLeaderRepliesOnlyWhileNoUnitHasTheCase()
    {
        var shiftLeader = Actors.Of(Role.ShiftLeader);
        var registered = new ClockedCase(Beijing(1, 9), WorkCalendar.Standard()).Do(Forward, Role.Intake).Do(Register, Role.ShiftLeader)
            .Do(new IssueSupervision(Leader, "请尽快派遣", Beijing(2, 9), []));
        Assert.Contains(CommandKind.ReplySupervision, IncidentLifecycle.AllowedCommands(registered.Record, shiftLeader));
        registered.Do(new ReplySupervision(shiftLeader, "order-4", "已派遣执法局", []));

        var dispatched = InProgress().Do(new IssueSupervision(Leader, "请说明处置进度", Beijing(2, 9), []));
        var refused = Assert.IsType<Refused>(Try(dispatched, new ReplySupervision(shiftLeader, "order-6", "代为回复", [])));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        Assert.DoesNotContain(CommandKind.ReplySupervision, refused.Allowed);
        Assert.DoesNotContain(CommandKind.ReplySupervision, IncidentLifecycle.AllowedCommands(dispatched.Record, shiftLeader));
        dispatched.Do(new ReplySupervision(LeadHandler, "order-6", "处置中", []));
    }
}
