using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Domain.Tests.Access;

public sealed class AccessPolicyTests
{
    private const string Grid = FixedContext.Grid;

    [Fact]
    public void EveryPermissionAndEveryStepHasExactlyOneRule()
    {
        var doors = AccessPolicy.Rules.Select(rule => rule.Door).ToList();

        Assert.Equal(doors.Count, doors.Distinct().Count());
        Assert.All(Enum.GetValues<Permission>(), permission => Assert.Contains(Door.Of(permission), doors));
        Assert.All(Enum.GetValues<CommandKind>().Except(TransitionTable.PlatformSteps), step => Assert.Contains(Door.OfStep(step), doors));
        Assert.All(TransitionTable.PlatformSteps, step => Assert.DoesNotContain(Door.OfStep(step), doors));
    }

    [Fact]
    public void StepsAdmitExactlyTheRolesOfTheTransitionTable()
    {
        foreach (var transition in TransitionTable.Rules)
        {
            Assert.Equal(
                transition.Roles.Order(),
                AccessPolicy.For(Door.OfStep(transition.Command)).Reach.Keys.Order());
        }

        Assert.Equal(TransitionTable.ReportingRoles.Order(), AccessPolicy.For(Door.OfStep(CommandKind.Report)).Reach.Keys.Order());
    }

    [Theory]
    [InlineData("510802", true)]
    [InlineData("510802001", true)]
    [InlineData("510802001002", true)]
    [InlineData("510802001002007", true)]
    [InlineData("510802001002008", false)]
    [InlineData("510802008", false)]
    public void AreaRolesReachTheCasesOfTheirJurisdiction(string scope, bool expected)
    {
        var leader = new Actor("leader", Role.Leader, null, AreaCode.Parse(scope));

        Assert.Equal(expected, AccessPolicy.Allows(leader, Permission.ReadIncident, AccessTarget.OfIncident(Grid, FixedContext.LeadUnit)));
    }

    [Theory]
    [InlineData(FixedContext.LeadUnit, true)]
    [InlineData(FixedContext.OtherUnit, false)]
    public void AUnitHandlerReachesOnlyTheCasesDispatchedToTheirUnitWhateverTheirArea(string unit, bool expected)
    {
        var handler = new Actor("handler", Role.UnitHandler, unit, AreaCode.Parse("510802"));

        Assert.Equal(expected, AccessPolicy.Allows(handler, Permission.ReadIncident, AccessTarget.OfIncident(Grid, FixedContext.LeadUnit)));
        Assert.False(AccessPolicy.Allows(handler, Permission.ReadIncident, AccessTarget.OfIncident(Grid, null)));
        Assert.False(AccessPolicy.Allows(handler, Permission.ReadArea, AccessTarget.OfArea(AreaCode.Parse(Grid))));
    }

    [Fact]
    public void AGridWorkerSeesOnlyTheirOwnGrid()
    {
        var worker = new Actor("gw", Role.GridWorker, null, AreaCode.Parse(Grid));
        var neighbour = Grid[..^1] + (Grid[^1] == '1' ? '2' : '1');

        Assert.True(AccessPolicy.Allows(worker, Permission.ReadArea, AccessTarget.OfArea(AreaCode.Parse(Grid))));
        Assert.False(AccessPolicy.Allows(worker, Permission.ReadArea, AccessTarget.OfArea(AreaCode.Parse(neighbour))));
        Assert.False(AccessPolicy.Allows(worker, Permission.ReadArea, AccessTarget.OfArea(AreaCode.Parse(Grid[..12]))));
    }

    [Fact]
    public void LeadersReadAuditAndSuperviseButNeverSeeRestrictedFieldsOrTakeStepsOfTheClosedLoop()
    {
        var leader = new Actor("leader", Role.Leader, null, AreaCode.Parse("510802"));
        var target = AccessTarget.OfIncident(Grid, null);

        Assert.True(AccessPolicy.Allows(leader, Permission.ReadIncident, target));
        Assert.True(AccessPolicy.Allows(leader, Permission.ReadAudit, target));
        Assert.False(AccessPolicy.Allows(leader, Permission.ReadRestricted, target));
        Assert.All(
            TransitionTable.Rules.Where(rule => !SupervisionRules.Steps.Contains(rule.Command)),
            rule => Assert.False(AccessPolicy.Admits(Role.Leader, Door.OfStep(rule.Command))));
        Assert.True(AccessPolicy.Admits(Role.Leader, Door.OfStep(CommandKind.IssueSupervision)));
        Assert.True(AccessPolicy.Admits(Role.Leader, Door.OfStep(CommandKind.Summon)));
    }

    [Fact]
    public void ARefusedRoleIsToldWhichRolesTheDoorAdmits()
    {
        var leader = new Actor("leader", Role.Leader, null, AreaCode.Parse("510802"));

        var refusal = AccessPolicy.Refusal(leader, Door.Of(Permission.RunDiagnostics), AccessTarget.None);

        Assert.Equal("The role Leader may not run diagnostics (allowed: Administrator).", refusal?.En);
        Assert.Equal("领导无权运行诊断（限管理员）。", refusal?.ZhCn);
    }

    [Fact]
    public void AUnitQueueIsReachedByItsOwnHandlersAndByCommandCentresWhoseAreaHoldsTheUnit()
    {
        var unit = AccessTarget.OfUnit(FixedContext.LeadUnit, "510802");

        Assert.True(AccessPolicy.Allows(new Actor("h", Role.UnitHandler, FixedContext.LeadUnit, AreaCode.Parse("510802")), Permission.ReadUnitQueue, unit));
        Assert.False(AccessPolicy.Allows(new Actor("h", Role.UnitHandler, FixedContext.OtherUnit, AreaCode.Parse("510802")), Permission.ReadUnitQueue, unit));
        Assert.True(AccessPolicy.Allows(new Actor("d", Role.Dispatcher, null, AreaCode.Parse("510802")), Permission.ReadUnitQueue, unit));
        Assert.False(AccessPolicy.Allows(new Actor("d", Role.Dispatcher, null, AreaCode.Parse("510802001")), Permission.ReadUnitQueue, unit));
    }
}
