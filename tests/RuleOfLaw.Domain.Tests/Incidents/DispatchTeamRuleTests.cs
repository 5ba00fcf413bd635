using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Teams;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>A dispatch that names one of the unit's field teams (issue 8 point 5): the choice and the rank it had are recorded.</summary>
public sealed class DispatchTeamRuleTests
{
    private const string NearTeam = "law-enforcement-team-1";
    private const string FarTeam = "law-enforcement-team-2";
    private const string Resting = "sanitation-team";

    private readonly FixedContext _context = new();

    private static readonly MapPoint CaseAt = new(105.84, 32.43);

    /// <summary>The lead unit's teams ranked as the grain would rank them: near, far, and one out of service.</summary>
    private static TeamRanking Ranking(string unit = FixedContext.LeadUnit) => DispatchRanking.Rank(unit, CaseAt,
    [
        new TeamCandidate(FarTeam, Text.Of("二中队", "Squadron 2"), TeamStatus.Available, new MapPoint(105.84, 32.45), 0),
        new TeamCandidate(NearTeam, Text.Of("一中队", "Squadron 1"), TeamStatus.Available, new MapPoint(105.84, 32.431), 0),
        new TeamCandidate(Resting, Text.Of("环卫作业队", "Sanitation Crew"), TeamStatus.OutOfService, CaseAt, 0),
    ]);

    private static DispatchIncident Dispatch(string? team, TeamRanking? ranking, string? unit = null, string? reason = null) =>
        new(Actors.Of(Role.Dispatcher), unit, reason, [], team, ranking);

    [Fact]
    public void ChoosingTheSecondRankedTeamRecordsTheTeamAndRankTwoAndTheCaseCarriesTheTeam()
    {
        var current = Cases.InState(IncidentState.Registered);

        var e = Accept(current, Dispatch(FarTeam, Ranking()));
        var next = IncidentLifecycle.Apply(current, e, current.Id);

        var facts = Assert.IsType<DispatchedFacts>(e.Facts);
        Assert.Equal((FixedContext.LeadUnit, FarTeam, 2), (facts.UnitId, facts.TeamId, facts.TeamRank));
        Assert.Equal(FarTeam, next.AssignedTeamId);
        Assert.Equal(FarTeam, next.ToSummary().AssignedTeamId);
    }

    [Fact]
    public void ADispatchWithoutATeamRecordsNoneEvenWhenTheUnitHasTeams()
    {
        var current = Cases.InState(IncidentState.Registered);

        var e = Accept(current, Dispatch(null, Ranking()));

        var facts = Assert.IsType<DispatchedFacts>(e.Facts);
        Assert.Equal((null, null), (facts.TeamId, facts.TeamRank));
        Assert.Null(IncidentLifecycle.Apply(current, e, current.Id).AssignedTeamId);
    }

    [Theory]
    [InlineData("police-patrol-team")]
    [InlineData("nobody")]
    public void ATeamThatIsNotAFieldTeamOfTheUnitTheCaseGoesToIsRefusedNamingTeamId(string team)
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(Cases.InState(IncidentState.Registered), Dispatch(team, Ranking()), Cases.Now, _context));

        Assert.Equal(RefusalKind.Invalid, refused.Kind);
        Assert.Equal(["teamId"], refused.FieldErrors.Keys);
        Assert.Equal($"'{team}' is not a field team of unit {FixedContext.LeadUnit}.", refused.FieldErrors["teamId"][0].En);
    }

    [Fact]
    public void ATeamOfTheLeadUnitIsRefusedWhenTheCaseGoesToAnotherUnit()
    {
        // The grain ranks the teams of the unit the case goes to; a ranking of another unit never admits a team.
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(
            Cases.InState(IncidentState.Registered), Dispatch(NearTeam, Ranking(), FixedContext.OtherUnit, "属住建局在建工地"), Cases.Now, _context));

        Assert.Equal(["teamId"], refused.FieldErrors.Keys);
    }

    [Fact]
    public void ATeamWithoutARankingIsRefusedNamingTeamId()
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(Cases.InState(IncidentState.Registered), Dispatch(NearTeam, null), Cases.Now, _context));

        Assert.Equal(["teamId"], refused.FieldErrors.Keys);
    }

    [Fact]
    public void ATeamOutOfServiceCannotBeChosen()
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(Cases.InState(IncidentState.Registered), Dispatch(Resting, Ranking()), Cases.Now, _context));

        Assert.Equal(["teamId"], refused.FieldErrors.Keys);
        Assert.Equal("环卫作业队暂停服务，不能派遣。", refused.FieldErrors["teamId"][0].ZhCn);
    }

    [Fact]
    public void AnApprovedReturnClearsTheTeamAndTheRedispatchReplacesIt()
    {
        var registered = Cases.InState(IncidentState.Registered);
        var dispatched = IncidentLifecycle.Apply(registered, Accept(registered, Dispatch(NearTeam, Ranking())), registered.Id);
        var asked = IncidentLifecycle.Apply(dispatched, Accept(dispatched, new StepCommand(CommandKind.RequestReturn, Actors.Of(Role.UnitHandler), "不属本队", [])), dispatched.Id);

        var returned = IncidentLifecycle.Apply(asked, Accept(asked, new VerdictCommand(CommandKind.DecideReturn, true, Actors.Of(Role.Dispatcher), null, [])), asked.Id);
        Assert.Equal(NearTeam, dispatched.AssignedTeamId);
        Assert.Null(returned.AssignedTeamId);
        Assert.Null(returned.ToSummary().AssignedTeamId);

        var again = IncidentLifecycle.Apply(returned, Accept(returned, Dispatch(FarTeam, Ranking())), returned.Id);
        Assert.Equal(FarTeam, again.AssignedTeamId);
        var withoutTeam = IncidentLifecycle.Apply(returned, Accept(returned, Dispatch(null, null)), returned.Id);
        Assert.Null(withoutTeam.AssignedTeamId);
    }

    [Fact]
    public void AFailedCheckSendsTheCaseBackToTheSameTeam()
    {
        var checking = Cases.InState(IncidentState.Checking) with { AssignedTeamId = NearTeam };

        var next = IncidentLifecycle.Apply(
            checking, Accept(checking, new VerdictCommand(CommandKind.Check, false, Actors.Of(Role.GridWorker), "未清理干净", ["photo/check.jpg"])), checking.Id);

        Assert.Equal(NearTeam, next.AssignedTeamId);
    }

    [Fact]
    public void ADispatchStoredBeforeTeamsExistedReadsBackWithoutATeamAndKeepsItsEncoding()
    {
        var before = JsonSerializer.Deserialize<DispatchedFacts>(
            """{"unitId":"law-enforcement","defaultUnitId":"law-enforcement"}""", IncidentEventJson.Options)!;
        var e = new IncidentEvent(4, CommandKind.Dispatch, IncidentState.Registered, IncidentState.Dispatched, "d-1", Role.Dispatcher, null, Cases.Now, null, [], before);

        Assert.Equal((null, null), (before.TeamId, before.TeamRank));
        Assert.Equal(
            AuditChain.Encode(Cases.CaseId, e with { Facts = new DispatchedFacts("law-enforcement", "law-enforcement") }),
            AuditChain.Encode(Cases.CaseId, e));
        Assert.NotEqual(
            AuditChain.Encode(Cases.CaseId, e),
            AuditChain.Encode(Cases.CaseId, e with { Facts = before with { TeamId = NearTeam, TeamRank = 1 } }));
    }

    private IncidentEvent Accept(IncidentRecord current, IncidentCommand command) =>
        Assert.IsType<Accepted>(IncidentLifecycle.Decide(current, command, Cases.Now, _context)).Event;
}
