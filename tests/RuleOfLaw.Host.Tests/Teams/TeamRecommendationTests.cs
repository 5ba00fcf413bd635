using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Teams;

/// <summary>
/// A node of its own: the recommendation depends on the status and position of the demo
/// district's teams, which the tests of other nodes move about.
/// </summary>
public sealed class DispatchNode : NodeProcess;

[CollectionDefinition(Name)]
public sealed class DispatchNodeCollection : ICollectionFixture<DispatchNode>
{
    public const string Name = "Dispatch node";
}

/// <summary>
/// The dispatch recommendation (issue 8 point 5) on a real node: the law-enforcement unit's teams,
/// located by their members' own devices (POST /api/positions as a member of the team), ranked
/// by status, distance and load with reasons in both languages; a dispatch with the second-ranked
/// team records the team and rank 2 and marks the team dispatched; a team of another unit is refused.
/// </summary>
[Collection(DispatchNodeCollection.Name)]
public sealed class TeamRecommendationTests(DispatchNode node)
{
    private const string Unit = "law-enforcement";
    private const string Squadron1 = "law-enforcement-team-1";
    private const string Squadron2 = "law-enforcement-team-2";
    private const string Sanitation = "sanitation-team";

    [Fact]
    public async Task TeamsRankByStatusThenDistanceAndTheSecondRankedTeamIsRecordedWithItsRankAndDispatched()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet);
        var at = crew.Point;

        // Along one meridian the straight line is the Earth's radius times the difference of
        // latitude, wherever the grid is: 0.005° is 556 m, 0.02° is 2.2 km.
        await Locate(Squadron2, at.Longitude, at.Latitude + 0.005);
        await Locate(Squadron1, at.Longitude, at.Latitude + 0.02);
        await Locate(Sanitation, at.Longitude, at.Latitude);
        await crew.Unit(Unit).PostAsync($"api/teams/{Sanitation}/status", HttpExpectations.Json(new { status = "Dispatched", reason = "另有任务" })).Expect(HttpStatusCode.OK);
        var id = await Registered(crew);

        var ranking = await crew.Dispatcher.GetAsync($"api/incidents/{id}/team-recommendation").Expect(HttpStatusCode.OK);

        Assert.Equal((id, Unit, true), (ranking.Text("incidentId"), ranking.Text("unitId"), ranking.GetProperty("leadUnit").GetBoolean()));
        var teams = ranking.GetProperty("teams").EnumerateArray().ToList();
        Assert.Equal(
            [(1, Squadron2, "Available", 556.0, 0, true), (2, Squadron1, "Available", 2224.0, 0, true), (3, Sanitation, "Dispatched", 0.0, 0, true)],
            teams.Select(team => (
                team.GetProperty("rank").GetInt32(),
                team.Text("teamId"),
                team.Text("status"),
                team.GetProperty("distanceMetres").GetDouble(),
                team.GetProperty("load").GetInt32(),
                team.GetProperty("selectable").GetBoolean())));
        Assert.Equal(["空闲待命", "距离 556 m", "在办 0 件"], Reasons(teams[0], "zhCn"));
        Assert.Equal(["available", "556 m away", "0 open cases"], Reasons(teams[0], "en"));
        Assert.Equal(["空闲待命", "距离 2.2 km", "在办 0 件"], Reasons(teams[1], "zhCn"));
        Assert.Equal(["busy: dispatched", "0 m away", "0 open cases"], Reasons(teams[2], "en"));
        Assert.Equal(("综合执法一中队", "Comprehensive Law Enforcement Squadron 1"), (teams[1].GetProperty("name").Text("zhCn"), teams[1].GetProperty("name").Text("en")));

        var dispatched = await crew.Dispatcher.PostAsync($"api/incidents/{id}/dispatch", HttpExpectations.Json(new { teamId = Squadron1 })).Expect(HttpStatusCode.OK);

        Assert.Equal((Unit, Squadron1), (dispatched.GetProperty("incident").Text("assignedUnitId"), dispatched.GetProperty("incident").Text("assignedTeamId")));
        var details = await crew.Details(id);
        Assert.Equal(Squadron1, details.GetProperty("incident").Text("assignedTeamId"));
        var history = await crew.Leader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.OK);
        var facts = DispatchOf(history).GetProperty("facts");
        Assert.Equal(("dispatched", Unit, Squadron1, 2), (facts.Text("kind"), facts.Text("unitId"), facts.Text("teamId"), facts.GetProperty("teamRank").GetInt32()));

        // The platform, not a person, moved the team; its members carry on from there.
        var team = await Signals.Until(
            async () => await crew.Dispatcher.GetAsync($"api/teams/{Squadron1}").Expect(HttpStatusCode.OK),
            view => view.Text("status") == "Dispatched",
            $"{Squadron1} marked dispatched",
            view => view.ToString());
        var change = team.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Available", "Dispatched", "system", "System"), (change.Text("from"), change.Text("to"), change.Text("actorUserId"), change.Text("actorRole")));
        Assert.Contains(id, change.Text("reason"));

        // The next case sees the team busy and carrying one open case.
        var next = await Registered(crew);
        var after = await crew.Dispatcher.GetAsync($"api/incidents/{next}/team-recommendation").Expect(HttpStatusCode.OK);
        var busy = after.GetProperty("teams").EnumerateArray().Single(entry => entry.Text("teamId") == Squadron1);
        Assert.Equal(("Dispatched", 1), (busy.Text("status"), busy.GetProperty("load").GetInt32()));
        Assert.Equal(["忙碌：已派遣", "距离 2.2 km", "在办 1 件"], Reasons(busy, "zhCn"));
        Assert.Equal(Squadron2, after.GetProperty("teams")[0].Text("teamId"));
    }

    [Fact]
    public async Task ATeamOfAnotherUnitIsRefusedNamingTeamIdAndTheCaseStaysRegistered()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 1);
        using var dispatcherInChinese = node.Client(Role.Dispatcher, language: null);
        var id = await Registered(crew);

        var refused = await crew.Dispatcher.PostAsync($"api/incidents/{id}/dispatch", HttpExpectations.Json(new { teamId = "fire-station-dongba" })).Expect(HttpStatusCode.BadRequest);
        var inChinese = await dispatcherInChinese.PostAsync($"api/incidents/{id}/dispatch", HttpExpectations.Json(new { teamId = "fire-station-dongba" })).Expect(HttpStatusCode.BadRequest);

        Assert.Equal(["teamId"], refused.ErrorFields());
        Assert.Contains("is not a field team of unit law-enforcement", refused.GetProperty("errors").GetProperty("teamId")[0].GetString());
        Assert.Contains("不是单位 law-enforcement 的外勤队伍", inChinese.GetProperty("errors").GetProperty("teamId")[0].GetString());
        var details = await crew.Details(id);
        Assert.Equal("Registered", details.GetProperty("incident").Text("state"));
        Assert.DoesNotContain(details.GetProperty("history").EnumerateArray(), e => e.Text("command") == "Dispatch");
    }

    [Fact]
    public async Task AnotherUnitsTeamsAreRankedWhenThatUnitIsNamedAndOneOfThemMayTakeTheCase()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 2);
        var id = await Registered(crew);

        var ranking = await crew.Dispatcher.GetAsync($"api/incidents/{id}/team-recommendation?unitId=fire").Expect(HttpStatusCode.OK);

        Assert.Equal(("fire", false), (ranking.Text("unitId"), ranking.GetProperty("leadUnit").GetBoolean()));
        var teams = ranking.GetProperty("teams").EnumerateArray().ToList();
        // Neither fire station has sent a position: equal teams go by their id.
        Assert.Equal(["fire-station-baolun", "fire-station-dongba"], teams.Select(team => team.Text("teamId")));
        Assert.All(teams, team => Assert.Equal(JsonValueKind.Null, team.GetProperty("distanceMetres").ValueKind));
        Assert.Equal(["available", "no position", "0 open cases"], Reasons(teams[0], "en"));
        Assert.Equal(["空闲待命", "无位置", "在办 0 件"], Reasons(teams[1], "zhCn"));

        var dispatched = await crew.Dispatcher.PostAsync(
            $"api/incidents/{id}/dispatch", HttpExpectations.Json(new { unitId = "fire", teamId = "fire-station-dongba", reason = "存在火灾隐患" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("fire", "fire-station-dongba"), (dispatched.GetProperty("incident").Text("assignedUnitId"), dispatched.GetProperty("incident").Text("assignedTeamId")));
        var history = await crew.Leader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.OK);
        Assert.Equal(2, DispatchOf(history).GetProperty("facts").GetProperty("teamRank").GetInt32());
    }

    [Fact]
    public async Task OnlyThoseWhoMayDispatchTheCaseReadTheRanking()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 3);
        using var outside = node.Client(Role.Dispatcher, DemoAreas.ListingStreet);
        var id = await Registered(crew);

        await crew.Leader.GetAsync($"api/incidents/{id}/team-recommendation").Expect(HttpStatusCode.Forbidden);
        await crew.Unit(Unit).GetAsync($"api/incidents/{id}/team-recommendation").Expect(HttpStatusCode.Forbidden);
        await outside.GetAsync($"api/incidents/{id}/team-recommendation").Expect(HttpStatusCode.Forbidden);
        await crew.Dispatcher.GetAsync($"api/incidents/{Crew.NewId()}/team-recommendation").Expect(HttpStatusCode.NotFound);
        await crew.Dispatcher.GetAsync($"api/incidents/{id}/team-recommendation?unitId=nobody").Expect(HttpStatusCode.BadRequest);
    }

    /// <summary>The dispatch event of a history (the platform may add events of its own after it).</summary>
    private static JsonElement DispatchOf(JsonElement history) =>
        history.EnumerateArray().Last(e => e.Text("command") == "Dispatch");

    private static string[] Reasons(JsonElement team, string language) =>
        [.. team.GetProperty("reasons").EnumerateArray().Select(reason => reason.Text(language))];

    /// <summary>A member of the team sends the team's position from its device.</summary>
    private async Task Locate(string team, double longitude, double latitude)
    {
        using var member = node.Client(Role.UnitHandler, DemoAreas.District, team);
        await member.PostAsync("api/positions", HttpExpectations.Json(new { longitude, latitude, accuracyMetres = 10.0, at = DateTimeOffset.UtcNow })).Expect(HttpStatusCode.NoContent);
    }

    private static async Task<string> Registered(Crew crew)
    {
        var id = (await crew.Report()).Text("id");
        await Crew.Step(crew.Intake, id, "forward");
        await Crew.Step(crew.ShiftLeader, id, "register");
        return id;
    }
}
