using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Grains.Tests;

/// <summary>Grains never trust a caller-supplied role: every actor is checked against their account.</summary>
[Collection(VerifiedClusterCollection.Name)]
public sealed class ActorVerificationTests(VerifiedClusterFixture fixture)
{
    [Fact]
    public async Task AReportByAnActorWithoutAnAccountIsRefused()
    {
        var report = fixture.Report(fixture.Grid(50)) with { Actor = Worker(NewLogin(), fixture.Grid(50)) };

        var refused = await Assert.ThrowsAsync<ActorRefusedException>(() => Incident().Report(report, DateTimeOffset.UtcNow));

        Assert.Equal(ActorVerdict.Unknown, refused.Verdict);
    }

    [Fact]
    public async Task AnActorWhoseAccountMatchesActsAndOneClaimingAnotherRoleOrAreaIsRefused()
    {
        var grid = fixture.Grid(51);
        var login = NewLogin();
        await Account(login).Create(new NewUser("网格员", Role.GridWorker, AreaCode.Parse(grid), null, "hash", UserSource.Local));
        var incident = Incident();

        var accepted = await incident.Report(fixture.Report(grid) with { Actor = Worker(login, grid) }, DateTimeOffset.UtcNow);
        var asIntake = await Assert.ThrowsAsync<ActorRefusedException>(() =>
            incident.Execute(new StepCommand(CommandKind.Forward, new Actor(login, Role.Intake, null, AreaCode.Parse("510802")), null, []), DateTimeOffset.UtcNow));
        var elsewhere = await Assert.ThrowsAsync<ActorRefusedException>(() =>
            Incident().Report(fixture.Report(fixture.Grid(52)) with { Actor = Worker(login, fixture.Grid(52)) }, DateTimeOffset.UtcNow));

        Assert.Equal(CommandStatus.Accepted, accepted.Status);
        Assert.Equal((ActorVerdict.ScopeChanged, ActorVerdict.ScopeChanged), (asIntake.Verdict, elsewhere.Verdict));
    }

    [Fact]
    public async Task ADisabledAccountIsRefusedOnTheNextCall()
    {
        var grid = fixture.Grid(53);
        var login = NewLogin();
        await Account(login).Create(new NewUser("网格员", Role.GridWorker, AreaCode.Parse(grid), null, "hash", UserSource.Local));
        await Incident().Report(fixture.Report(grid) with { Actor = Worker(login, grid) }, DateTimeOffset.UtcNow);

        await Account(login).SetDisabled(true);

        var refused = await Assert.ThrowsAsync<ActorRefusedException>(() =>
            Incident().Report(fixture.Report(grid) with { Actor = Worker(login, grid) }, DateTimeOffset.UtcNow));
        Assert.Equal(ActorVerdict.Disabled, refused.Verdict);
    }

    [Fact]
    public async Task ADevelopmentAccountActsInEveryGuiseItWasProvisionedInAndNoOther()
    {
        var login = NewLogin();
        var (first, second, third) = (fixture.Grid(54), fixture.Grid(55), fixture.Grid(56));
        await Account(login).ProvisionDevelopment(new UserScope(Role.GridWorker, AreaCode.Parse(first), null));
        await Account(login).ProvisionDevelopment(new UserScope(Role.GridWorker, AreaCode.Parse(second), null));

        // The guises are read back from the store, as after a restart.
        await fixture.DeactivateEverything();

        await Incident().Report(fixture.Report(first) with { Actor = Worker(login, first) }, DateTimeOffset.UtcNow);
        await Incident().Report(fixture.Report(second) with { Actor = Worker(login, second) }, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<ActorRefusedException>(() =>
            Incident().Report(fixture.Report(third) with { Actor = Worker(login, third) }, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task CallsWithoutAnActorAreNotChecked()
    {
        var details = await Incident().Details();

        Assert.Null(details);
    }

    /// <summary>
    /// A merge notice relays who merged, as the duplicate recorded them when the check let them
    /// through: the duplicate tells the original again until it takes it, possibly after that
    /// operator moved area or left, so the notice must not be refused on their account.
    /// </summary>
    [Fact]
    public async Task AMergeNoticeReachesTheOriginalAfterTheOperatorWhoMergedHasLeft()
    {
        var grid = fixture.Grid(57);
        var login = NewLogin();
        await Account(login).Create(new NewUser("网格员", Role.GridWorker, AreaCode.Parse(grid), null, "hash", UserSource.Local));
        var original = Incident();
        await original.Report(fixture.Report(grid) with { Actor = Worker(login, grid) }, DateTimeOffset.UtcNow);
        var leftSince = new Actor(NewLogin(), Role.Intake, null, AreaCode.Parse("510802001"));

        var told = await original.NoteMergedReport(new MergedReportNotice(leftSince, Guid.CreateVersion7().ToString(), "gw-second", Attach: true, "同一处垃圾"));

        Assert.Equal(CommandStatus.Accepted, told.Status);
        Assert.Equal(["gw-second"], told.Incident!.MergedReports.Select(report => report.ReporterUserId));
    }

    private IIncidentGrain Incident() => fixture.Grains.GetGrain<IIncidentGrain>(Guid.CreateVersion7().ToString());

    private IUserGrain Account(string login) => fixture.Grains.GetGrain<IUserGrain>(login);

    private static Actor Worker(string login, string grid) => new(login, Role.GridWorker, null, AreaCode.Parse(grid));

    private static string NewLogin() => $"actor-{Guid.NewGuid():N}";
}
