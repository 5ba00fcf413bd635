using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Teams;

/// <summary>
/// A node of its own with a district's local status names (they replace the demo's three in the
/// node's appsettings.json entry by entry), which its tests kill and restart; each test takes a
/// team of its own.
/// </summary>
public sealed class LocalStatusNode() : NodeProcess(
    "--Teams:LocalStatuses:0:Code", "Responding",
    "--Teams:LocalStatuses:0:ZhCn", "出警",
    "--Teams:LocalStatuses:0:En", "Responding",
    "--Teams:LocalStatuses:0:Meaning", "EnRoute",
    "--Teams:LocalStatuses:1:Code", "Drill",
    "--Teams:LocalStatuses:1:ZhCn", "演练",
    "--Teams:LocalStatuses:1:En", "Drill",
    "--Teams:LocalStatuses:1:Meaning", "OutOfService",
    "--Teams:LocalStatuses:2:Code", "Refit",
    "--Teams:LocalStatuses:2:ZhCn", "车辆检修",
    "--Teams:LocalStatuses:2:En", "Vehicle maintenance",
    "--Teams:LocalStatuses:2:Meaning", "OutOfService");

[CollectionDefinition(Name)]
public sealed class LocalStatusNodeCollection : ICollectionFixture<LocalStatusNode>
{
    public const string Name = "Local status node";
}

/// <summary>
/// Issue 8 point 1: a team's members change its status by the district's local names through the
/// real API; the answer, the live push and later reads carry the local name beside the canonical
/// status, the change between two local names of one meaning is recorded, and it all survives a
/// kill of the node.
/// </summary>
[Collection(LocalStatusNodeCollection.Name)]
public sealed class LocalStatusTests(LocalStatusNode node)
{
    [Fact]
    public async Task AChangeByLocalCodeIsAnsweredPushedReadBackAndSurvivesARestart()
    {
        const string team = "law-enforcement-team-1";
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, "law-enforcement");
        await using var map = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.District);
        await map.SubscribeArea(DemoAreas.District);

        var dispatched = await handler.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, dispatched.GetProperty("localStatus").ValueKind);
        Assert.Equal(["EnRoute", "Responding", "Available", "OutOfService", "Drill", "Refit"], Values(dispatched));
        Assert.Equal("Dispatched", (await NextOf(map, team)).GetProperty("team").Text("status"));

        var responding = await handler.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "responding", reason = "出警万缘路" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("EnRoute", "Responding", "出警", "Responding"), Local(responding));
        var change = responding.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Dispatched", "EnRoute", "Responding"), (change.Text("from"), change.Text("to"), change.GetProperty("toLocal").Text("code")));
        Assert.Equal(JsonValueKind.Null, change.GetProperty("fromLocal").ValueKind);

        var pushed = (await NextOf(map, team)).GetProperty("team");
        Assert.Equal(("EnRoute", "Responding", "出警", "Responding"), Local(pushed));
        Assert.Equal(("EnRoute", "Responding", "出警", "Responding"), Local(await handler.GetAsync($"api/teams/{team}").Expect(HttpStatusCode.OK)));
        var listed = (await handler.GetAsync("api/units/law-enforcement/teams").Expect(HttpStatusCode.OK)).EnumerateArray().Single(view => view.Text("teamId") == team);
        Assert.Equal(("EnRoute", "Responding", "出警", "Responding"), Local(listed));

        await node.KillAndRestart();

        var read = await handler.GetAsync($"api/teams/{team}").Expect(HttpStatusCode.OK);
        Assert.Equal(("EnRoute", "Responding", "出警", "Responding"), Local(read));
        Assert.Equal("Responding", read.GetProperty("history").EnumerateArray().Last().GetProperty("toLocal").Text("code"));
        Assert.Equal(["OnScene", "Returning", "Available"], Values(read));
    }

    [Fact]
    public async Task ATeamMovesBetweenTwoLocalNamesOfOneMeaningAndTheRecordSaysBoth()
    {
        const string team = "police-patrol-team";
        using var member = node.Client(Role.UnitHandler, DemoAreas.District, team);

        var drill = await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Drill" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("OutOfService", "Drill", "演练", "Drill"), Local(drill));
        Assert.Equal(["Available", "Refit"], Values(drill));

        var refit = await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Refit", reason = "更换轮胎" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("OutOfService", "Refit", "车辆检修", "Vehicle maintenance"), Local(refit));
        var change = refit.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(
            ("OutOfService", "OutOfService", "Drill", "Refit", "更换轮胎"),
            (change.Text("from"), change.Text("to"), change.GetProperty("fromLocal").Text("code"), change.GetProperty("toLocal").Text("code"), change.Text("reason")));

        // Staying where it is is no change; nor is a local name whose meaning is not a next step.
        var again = await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Refit" })).Expect(HttpStatusCode.Conflict);
        Assert.Equal(["Available"], again.Strings("allowed"));
        Assert.Equal(["Available", "Drill"], again.GetProperty("choices").EnumerateArray().Select(choice => choice.Text("value")));
        Assert.Equal("Refit", again.GetProperty("localStatus").Text("code"));
        await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Responding" })).Expect(HttpStatusCode.Conflict);

        var back = await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "available" })).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, back.GetProperty("localStatus").ValueKind);
    }

    [Fact]
    public async Task AnUnknownStatusIsA400NamingStatusAndListingWhatIsAcceptedInBothLanguages()
    {
        const string team = "sanitation-team";
        using var english = node.Client(Role.UnitHandler, DemoAreas.District, team, language: "en");
        using var chinese = node.Client(Role.UnitHandler, DemoAreas.District, team, language: "zh-CN");

        var refused = await english.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Training" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["status"], refused.ErrorFields());
        var message = refused.GetProperty("errors").GetProperty("status")[0].GetString()!;
        Assert.Contains("OutOfService (Out of service)", message, StringComparison.Ordinal);
        Assert.Contains("Refit (Vehicle maintenance)", message, StringComparison.Ordinal);

        var chineseMessage = (await chinese.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Flying" })).Expect(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("status")[0].GetString()!;
        Assert.Contains("Refit（车辆检修）", chineseMessage, StringComparison.Ordinal);

        var empty = await english.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = " " })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["status"], empty.ErrorFields());
        Assert.Equal("Available", (await english.GetAsync($"api/teams/{team}").Expect(HttpStatusCode.OK)).Text("status"));
    }

    private static (string Status, string Code, string ZhCn, string En) Local(JsonElement view)
    {
        var local = view.GetProperty("localStatus");
        return (view.Text("status"), local.Text("code"), local.GetProperty("name").Text("zhCn"), local.GetProperty("name").Text("en"));
    }

    private static IEnumerable<string> Values(JsonElement view) =>
        view.GetProperty("choices").EnumerateArray().Select(choice => choice.Text("value"));

    private static async Task<JsonElement> NextOf(LiveClient dashboard, string team)
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
}
