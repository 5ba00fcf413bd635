using System.Net;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Clocks;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Teams;

/// <summary>
/// A field team's status over HTTP on a real node: changed by its unit's handlers, recorded with
/// actor and time, refused when the step makes no sense or is not theirs, and a team that stays
/// dispatched past its threshold (2 s on this node) is warned by its durable reminder and counted.
/// </summary>
[Collection(ClockedNodeCollection.Name)]
public sealed class TeamStatusTests(ClockedNode node)
{
    private const string Team = "law-enforcement-team-2";

    [Fact]
    public async Task ATeamDispatchedPastItsThresholdIsWarnedOnceAndMovingOnClearsTheWarning()
    {
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, "law-enforcement");

        var dispatched = await handler.PostAsync($"api/teams/{Team}/status", HttpExpectations.Json(new { status = "Dispatched", reason = "派往万缘路" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("Dispatched", false, 0), (dispatched.Text("status"), dispatched.GetProperty("warning").GetBoolean(), dispatched.GetProperty("warnings").GetInt32()));
        var since = dispatched.GetProperty("since").GetDateTimeOffset();
        Assert.Equal(since.AddSeconds(2), dispatched.GetProperty("overstaysAt").GetDateTimeOffset());

        var warned = await Signals.Until(
            async () => await handler.GetAsync($"api/teams/{Team}").Expect(HttpStatusCode.OK),
            team => team.GetProperty("warnings").GetInt32() == 1,
            "the overstay warning of the dispatched team",
            team => team.ToString());
        Assert.True(warned.GetProperty("warning").GetBoolean());

        var moving = await handler.PostAsync($"api/teams/{Team}/status", HttpExpectations.Json(new { status = "EnRoute" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("EnRoute", false, 1), (moving.Text("status"), moving.GetProperty("warning").GetBoolean(), moving.GetProperty("warnings").GetInt32()));
        var last = moving.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Dispatched", "EnRoute", "UnitHandler"), (last.Text("from"), last.Text("to"), last.Text("actorRole")));

        var listed = await handler.GetAsync("api/units/law-enforcement/teams").Expect(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), team => team.Text("teamId") == Team && team.Text("status") == "EnRoute");
    }

    /// <summary>
    /// The unit's console and the district's map hear of every change and of the overstay warning,
    /// each update carrying a higher version than the one before.
    /// </summary>
    [Fact]
    public async Task ChangesAndOverstayWarningsArePushedToTheUnitAndTheAreasTheTeamServes()
    {
        const string team = "law-enforcement-team-1";
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, "law-enforcement");
        await using var unitConsole = await LiveClient.Connect(node, Role.UnitHandler, DemoAreas.District, "law-enforcement");
        await unitConsole.SubscribeUnit("law-enforcement");
        await using var map = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.District);
        await map.SubscribeArea(DemoAreas.District);

        await handler.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.OK);

        foreach (var dashboard in new[] { unitConsole, map })
        {
            var dispatched = await NextOf(dashboard, team);
            Assert.Equal(("Dispatched", false), (dispatched.GetProperty("team").Text("status"), dispatched.GetProperty("team").GetProperty("warning").GetBoolean()));
            var warned = await NextOf(dashboard, team);
            Assert.Equal(("Dispatched", true), (warned.GetProperty("team").Text("status"), warned.GetProperty("team").GetProperty("warning").GetBoolean()));
            Assert.True(warned.GetProperty("version").GetInt64() > dispatched.GetProperty("version").GetInt64());
        }

        await handler.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "EnRoute" })).Expect(HttpStatusCode.OK);
        var moving = await NextOf(map, team);
        Assert.Equal(("EnRoute", 1), (moving.GetProperty("team").Text("status"), moving.GetProperty("team").GetProperty("warnings").GetInt32()));
    }

    /// <summary>
    /// A team is a unit of its own: its members' phones subscribe to it as their unit (the team
    /// view) and hear each change the team makes, whoever in it made it.
    /// </summary>
    [Fact]
    public async Task ATeamsMembersHearItsChangesOnTheTeamsOwnUnitTopic()
    {
        const string team = "police-patrol-team";
        using var member = node.Client(Role.UnitHandler, DemoAreas.District, team);
        await using var phone = await LiveClient.Connect(node, Role.UnitHandler, DemoAreas.District, team);
        await phone.SubscribeUnit(team);

        await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "OutOfService", reason = "车辆保养" })).Expect(HttpStatusCode.OK);

        var update = await NextOf(phone, team);
        Assert.Equal(("OutOfService", "police"), (update.GetProperty("team").Text("status"), update.GetProperty("team").Text("unitId")));
    }

    private static async Task<System.Text.Json.JsonElement> NextOf(LiveClient dashboard, string team)
    {
        while (true)
        {
            var update = await dashboard.Teams.Reader.ReadAsync().AsTask().Within($"a pushed update of {team}");
            if (update.GetProperty("team").Text("teamId") == team)
            {
                return update;
            }
        }
    }

    [Fact]
    public async Task AChangeThatSkipsAStepOrIsNotTheCallersIsRefused()
    {
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, "law-enforcement");
        using var stranger = node.Client(Role.UnitHandler, DemoAreas.District, "housing");
        using var dispatcher = node.Client(Role.Dispatcher, DemoAreas.District);

        var skipped = await handler.PostAsync("api/teams/sanitation-team/status", HttpExpectations.Json(new { status = "OnScene" })).Expect(HttpStatusCode.Conflict);
        Assert.Equal(["Dispatched", "OutOfService"], skipped.Strings("allowed"));
        await stranger.PostAsync("api/teams/sanitation-team/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.Forbidden);
        await dispatcher.PostAsync("api/teams/sanitation-team/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.Forbidden);
        await handler.PostAsync("api/teams/sanitation-team/status", HttpExpectations.Json(new { status = "Flying" })).Expect(HttpStatusCode.BadRequest);
        await handler.PostAsync("api/teams/sanitation-team/status", HttpExpectations.Json(new { })).Expect(HttpStatusCode.BadRequest);
        await handler.PostAsync("api/teams/law-enforcement/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.NotFound);
    }
}
