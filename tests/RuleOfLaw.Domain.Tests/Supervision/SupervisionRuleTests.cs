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
}
