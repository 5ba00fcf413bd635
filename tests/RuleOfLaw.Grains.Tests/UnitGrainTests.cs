using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Units;

namespace RuleOfLaw.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UnitGrainTests(ClusterFixture fixture)
{
    private const string LeadUnit = "law-enforcement";
    private const string OtherUnit = "housing";

    [Fact]
    public async Task ADispatchedCaseSitsInItsUnitsQueueUntilReturnedAndThenInTheNewUnitsQueue()
    {
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(fixture.Grid(30)), DateTimeOffset.UtcNow);
        await Accept(grain, new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), null, []));
        await Accept(grain, new StepCommand(CommandKind.Register, ClusterFixture.As(Role.ShiftLeader), null, []));
        await Accept(grain, new DispatchIncident(ClusterFixture.As(Role.Dispatcher), null, null, []));

        Assert.Contains(id, await Queue(LeadUnit));

        await Accept(grain, new StepCommand(CommandKind.RequestReturn, ClusterFixture.As(Role.UnitHandler, unit: LeadUnit), "属住建部门职责", []));
        await Accept(grain, new VerdictCommand(CommandKind.DecideReturn, true, ClusterFixture.As(Role.Dispatcher), null, []));
        Assert.DoesNotContain(id, await Queue(LeadUnit));

        await Accept(grain, new DispatchIncident(ClusterFixture.As(Role.Dispatcher), OtherUnit, "在建工地由住建局监管", []));
        Assert.Contains(id, await Queue(OtherUnit));

        await fixture.DeactivateEverything();
        Assert.Contains(id, await Queue(OtherUnit));
        Assert.DoesNotContain(id, await Queue(LeadUnit));
    }

    [Fact]
    public async Task AHandledAndClosedCaseLeavesTheQueueWhenItIsClosed()
    {
        var grid = fixture.Grid(31);
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(grid), DateTimeOffset.UtcNow);
        await Accept(grain, new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), null, []));
        await Accept(grain, new StepCommand(CommandKind.Register, ClusterFixture.As(Role.ShiftLeader), null, []));
        await Accept(grain, new DispatchIncident(ClusterFixture.As(Role.Dispatcher), null, null, []));
        await Accept(grain, new StepCommand(CommandKind.Sign, ClusterFixture.As(Role.UnitHandler, unit: LeadUnit), null, []));
        await Accept(grain, new StepCommand(CommandKind.Handle, ClusterFixture.As(Role.UnitHandler, unit: LeadUnit), null, ["photo/after.jpg"]));
        Assert.Equal(
            [IncidentState.Handled],
            (await fixture.Grains.GetGrain<IUnitGrain>(LeadUnit).OpenIncidents(IncidentFilter.Any)).Where(s => s.Id == id).Select(s => s.State));

        await Accept(grain, new StepCommand(CommandKind.SendCheck, ClusterFixture.As(Role.Intake), null, []));
        await Accept(grain, new VerdictCommand(CommandKind.Check, true, ClusterFixture.As(Role.GridWorker, grid), null, []));
        await Accept(grain, new CloseIncident(ClusterFixture.As(Role.ShiftLeader), ClosureKind.Normal, null, []));

        Assert.DoesNotContain(id, await Queue(LeadUnit));
    }

    private async Task<IReadOnlyList<string>> Queue(string unit) =>
        (await fixture.Grains.GetGrain<IUnitGrain>(unit).OpenIncidents(IncidentFilter.Any)).Select(summary => summary.Id).ToList();

    private static async Task Accept(IIncidentGrain grain, IncidentCommand command)
    {
        var result = await grain.Execute(command, DateTimeOffset.UtcNow);
        Assert.True(result.Status == CommandStatus.Accepted, $"{command.Kind} was {result.Status}: {result.Message?.En}");
    }
}
