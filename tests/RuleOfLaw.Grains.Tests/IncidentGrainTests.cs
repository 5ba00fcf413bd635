using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IncidentGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset ReceivedAt = DateTimeOffset.UtcNow;

    [Fact]
    public async Task ReportingTwiceWithTheSameIdCreatesOneIncident()
    {
        var id = Guid.CreateVersion7().ToString();
        var report = fixture.Report(fixture.Grid(1));

        var first = await fixture.Grains.GetGrain<IIncidentGrain>(id).Report(report, ReceivedAt);
        var retry = await fixture.Grains.GetGrain<IIncidentGrain>(id).Report(report, ReceivedAt);

        Assert.Equal(CommandStatus.Accepted, first.Status);
        Assert.Equal(CommandStatus.Replayed, retry.Status);
        Assert.Equal(1, retry.Incident!.Version);
        Assert.Single(await fixture.Store.ReadEvents(id));
    }

    [Fact]
    public async Task ConcurrentDuplicateReportsFromBothSilosCreateOneIncident()
    {
        var id = Guid.CreateVersion7().ToString();
        var report = fixture.Report(fixture.Grid(2));
        var callers = fixture.Cluster.Silos.Select(silo => (IGrainFactory)silo.ServiceProvider.GetService(typeof(IGrainFactory))!).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => callers[i % callers.Count].GetGrain<IIncidentGrain>(id).Report(report, ReceivedAt)));

        Assert.Equal(1, results.Count(result => result.Status == CommandStatus.Accepted));
        Assert.Equal(19, results.Count(result => result.Status == CommandStatus.Replayed));
        Assert.Single(await fixture.Store.ReadEvents(id));
    }

    [Fact]
    public async Task ARetryWithDifferentContentIsRefusedAndChangesNothing()
    {
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(fixture.Grid(3)), ReceivedAt);

        var retry = await grain.Report(fixture.Report(fixture.Grid(3), description: "另一件事"), ReceivedAt);

        Assert.Equal(CommandStatus.ConflictingRetry, retry.Status);
        Assert.Equal("路边堆放生活垃圾约两立方米", (await grain.Details())!.Incident.Report.Description);
    }

    [Fact]
    public async Task AStepTheActorMayNotTakeIsRefusedWithTheStepsThatAreAllowed()
    {
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(fixture.Grid(4)), ReceivedAt);

        var refused = await grain.Execute(new StepCommand(CommandKind.Register, ClusterFixture.As(Role.ShiftLeader), null, []), ReceivedAt);

        Assert.Equal(CommandStatus.NotAllowed, refused.Status);
        Assert.Equal(1, refused.Incident!.Version);
        Assert.Equal([CommandKind.Merge], refused.Allowed);
        Assert.Equal([CommandKind.Forward, CommandKind.Reject, CommandKind.Merge], IncidentLifecycle.AllowedCommands(refused.Incident, ClusterFixture.As(Role.Intake)));
    }

    [Fact]
    public async Task AnActivationBehindTheStoreDecidesOnTheStoredHistoryRatherThanRefuse()
    {
        // What a second activation leaves behind while membership settles: a step committed to
        // the store that this activation never saw.
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(fixture.Grid(6)), ReceivedAt);
        var held = (await grain.Details())!.Incident;
        var context = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ILifecycleContext>();
        var forward = (Accepted)IncidentLifecycle.Decide(held, new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), null, []), DateTimeOffset.UtcNow, context);
        var stored = await fixture.Store.ReadEvents(id);
        Assert.True(await fixture.Store.Append(
            id, 1, [IncidentEventJson.ToStored(id, forward.Event, stored[^1].Hash)], IncidentEventJson.ToProjection(IncidentLifecycle.Apply(held, forward.Event, id))));

        var register = await grain.Execute(new StepCommand(CommandKind.Register, ClusterFixture.As(Role.ShiftLeader), null, []), ReceivedAt);

        Assert.Equal(CommandStatus.Accepted, register.Status);
        Assert.Equal(3, register.Incident!.Version);
        Assert.Equal([1, 2, 3], (await fixture.Store.ReadEvents(id)).Select(e => e.Version));
    }

    [Fact]
    public async Task ACommandOnAnUnknownIncidentIsNotFound()
    {
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(Guid.CreateVersion7().ToString());

        var result = await grain.Execute(new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), null, []), ReceivedAt);

        Assert.Equal(CommandStatus.NotFound, result.Status);
        Assert.Null(await grain.Details());
    }

    [Fact]
    public async Task TheClosedLoopEndsClosedAndTheGridForgetsTheCaseButKeepsItsCount()
    {
        var grid = fixture.Grid(5);
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        var gridGrain = fixture.Grains.GetGrain<IGridGrain>(grid);
        var closedBefore = (await gridGrain.Counters()).ByState().GetValueOrDefault(IncidentState.Closed);

        var reported = await grain.Report(fixture.Report(grid), ReceivedAt);
        Assert.Contains(id, (await gridGrain.OpenIncidents(IncidentFilter.Any)).Select(summary => summary.Id));
        await Walk(grain, grid);

        var details = (await grain.Details())!;
        Assert.Equal(CommandStatus.Accepted, reported.Status);
        Assert.Equal(IncidentState.Closed, details.Incident.State);
        Assert.Equal(9, details.History.Count);
        Assert.Equal(Enumerable.Range(1, 9), details.History.Select(e => e.Version));
        Assert.DoesNotContain(id, (await gridGrain.OpenIncidents(IncidentFilter.Any)).Select(summary => summary.Id));
        Assert.Equal(closedBefore + 1, (await gridGrain.Counters()).ByState()[IncidentState.Closed]);
    }

    [Fact]
    public async Task AnIncidentAndItsGridRebuildFromTheStoreAfterDeactivation()
    {
        var grid = fixture.Grid(6);
        var id = Guid.CreateVersion7().ToString();
        var grain = fixture.Grains.GetGrain<IIncidentGrain>(id);
        await grain.Report(fixture.Report(grid), ReceivedAt);
        await grain.Execute(new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), "转值班长", []), ReceivedAt);
        var before = JsonSerializer.Serialize((await grain.Details())!, IncidentEventJson.Options);
        var countersBefore = await fixture.Grains.GetGrain<IGridGrain>(grid).Counters();

        await fixture.DeactivateEverything();

        Assert.Equal(before, JsonSerializer.Serialize((await grain.Details())!, IncidentEventJson.Options));
        var open = await fixture.Grains.GetGrain<IGridGrain>(grid).OpenIncidents(new IncidentFilter([IncidentState.PendingRegistration], "CG"));
        Assert.Equal([(id, 2)], open.Select(summary => (summary.Id, summary.Version)));
        Assert.Equal(countersBefore.Rows, (await fixture.Grains.GetGrain<IGridGrain>(grid).Counters()).Rows);
    }

    [Fact]
    public async Task CountsRollUpFromTheGridToItsCommunityStreetAndDistrictAndMatchTheStore()
    {
        var grid = AreaCode.Parse(fixture.Grid(fixture.Areas.GridsUnder("510802").Count - 1));

        await fixture.Grains.GetGrain<IIncidentGrain>(Guid.CreateVersion7().ToString()).Report(fixture.Report(grid.Value), ReceivedAt);

        foreach (var area in grid.Ancestors())
        {
            var truth = await StoredReportedCount(area);
            Assert.True(truth >= 1, $"the store counts the new case under {area}");
            await ClusterFixture.Eventually(
                async () => await RolledUpReportedCount(area) == truth,
                $"area {area} to roll up {truth} reported cases, as the store counts");
        }
    }

    private async Task<int> RolledUpReportedCount(AreaCode area) =>
        (await fixture.Grains.GetGrain<IAreaGrain>(area.Value).Counters()).ByState().GetValueOrDefault(IncidentState.Reported);

    private async Task<int> StoredReportedCount(AreaCode area) =>
        (await fixture.Store.CountUnder(area.Value, area.Value.Length))
            .Where(row => row.State == nameof(IncidentState.Reported))
            .Sum(row => row.Count);

    private static async Task Walk(IIncidentGrain grain, string grid)
    {
        var unit = "law-enforcement";
        var steps = new IncidentCommand[]
        {
            new StepCommand(CommandKind.Forward, ClusterFixture.As(Role.Intake), null, []),
            new StepCommand(CommandKind.Register, ClusterFixture.As(Role.ShiftLeader), null, []),
            new DispatchIncident(ClusterFixture.As(Role.Dispatcher), null, null, []),
            new StepCommand(CommandKind.Sign, ClusterFixture.As(Role.UnitHandler, unit: unit), null, []),
            new StepCommand(CommandKind.Handle, ClusterFixture.As(Role.UnitHandler, unit: unit), "已清运", ["photo/after.jpg"]),
            new StepCommand(CommandKind.SendCheck, ClusterFixture.As(Role.Intake), null, []),
            new VerdictCommand(CommandKind.Check, true, ClusterFixture.As(Role.GridWorker, grid), null, ["photo/check.jpg"]),
            new CloseIncident(ClusterFixture.As(Role.ShiftLeader), ClosureKind.Normal, null, []),
        };
        foreach (var step in steps)
        {
            var result = await grain.Execute(step, ReceivedAt);
            Assert.True(result.Status == CommandStatus.Accepted, $"{step.Kind} was {result.Status}: {result.Message?.En}");
        }
    }
}
