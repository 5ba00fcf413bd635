using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Durability;

/// <summary>
/// An acknowledged command is durable: the real process is killed like <c>kill -9</c> and started
/// again on the same data folder, and every case, its history and the counters are still there.
/// Each test reports a category of its own (TS, MD, TF) in a street of its own, so its counts are exact.
/// </summary>
[Collection(RestartableNodeCollection.Name)]
public sealed class KillAndRestartTests(RestartableNode node)
{
    [Fact]
    public async Task AReportAcknowledgedJustBeforeTheNodeIsKilledIsThereAfterTheRestart()
    {
        using var crew = await Crew.In(node, "510802001");
        var id = Crew.NewId();
        var acknowledged = await crew.GridWorker.PostAsJsonAsync("api/incidents", crew.PatrolReport(id, subcategory: "TS01")).Expect(HttpStatusCode.Created);

        await node.KillAndRestart();

        var details = await crew.Details(id);
        Assert.Equal(acknowledged.GetProperty("incident").GetRawText(), details.GetProperty("incident").GetRawText());
        var report = Assert.Single(details.GetProperty("history").EnumerateArray());
        Assert.Equal(("Report", "gw-test", "GridWorker"), (report.Text("command"), report.Text("actorUserId"), report.Text("actorRole")));
        Assert.Equal(["photo/before.jpg"], report.Strings("attachments"));
        var grid = await Counters(crew, crew.Grid);
        Assert.Equal(["Reported:TS:1"], Rows(grid, "TS"));
        Assert.Equal(1, grid.GetProperty("total").GetInt32());
        Assert.Equal([id], (await crew.Leader.GetAsync($"api/areas/{crew.Grid}/incidents").Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(item => item.Text("id")));
        await DistrictRowsBecome(crew, "TS", ["Reported:TS:1"]);
    }

    [Fact]
    public async Task HistoriesAndCountersSurviveAKillAfterSeveralTransitionsAndTheCaseContinuesWhereItStopped()
    {
        using var crew = await Crew.In(node, "510802002");
        var handled = (await crew.Report(subcategory: "MD03")).Text("id");
        var forwarded = (await crew.Report(subcategory: "MD03")).Text("id");
        await Crew.Step(crew.Intake, handled, "forward", new { reason = "转立案" });
        await Crew.Step(crew.ShiftLeader, handled, "register");
        var unit = (await Crew.Step(crew.Dispatcher, handled, "dispatch")).GetProperty("incident").Text("assignedUnitId");
        await Crew.Step(crew.Unit(unit), handled, "sign");
        await Crew.Step(crew.Intake, forwarded, "forward");
        string[] expectedRows = ["PendingRegistration:MD:1", "InProgress:MD:1"];
        await DistrictRowsBecome(crew, "MD", expectedRows);
        var handledBefore = (await crew.Details(handled)).GetRawText();
        var forwardedBefore = (await crew.Details(forwarded)).GetRawText();
        var gridBefore = (await Counters(crew, crew.Grid)).GetRawText();

        await node.KillAndRestart();

        Assert.Equal(handledBefore, (await crew.Details(handled)).GetRawText());
        Assert.Equal(forwardedBefore, (await crew.Details(forwarded)).GetRawText());
        Assert.Equal(gridBefore, (await Counters(crew, crew.Grid)).GetRawText());
        Assert.Equal(expectedRows, Rows(await Counters(crew, crew.Grid), "MD"));
        await DistrictRowsBecome(crew, "MD", expectedRows);

        var next = await Crew.Step(crew.Unit(unit), handled, "handle", new { attachments = new[] { "photo/after.jpg" } });
        Assert.Equal(6, next.GetProperty("incident").GetProperty("version").GetInt32());
        Assert.Equal(6, (await crew.Details(handled)).GetProperty("history").GetArrayLength());
        Assert.Equal(["PendingRegistration:MD:1", "Handled:MD:1"], Rows(await Counters(crew, crew.Grid), "MD"));
        await DistrictRowsBecome(crew, "MD", ["PendingRegistration:MD:1", "Handled:MD:1"]);
    }

    [Fact]
    public async Task LiveDashboardsGetDeltasAgainAfterTheNodeIsKilledAndRestarted()
    {
        using var crew = await Crew.In(node, "510802005");
        await node.KillAndRestart();
        await using var dashboard = await LiveClient.Connect(node, RuleOfLaw.Grains.Actors.Role.Leader, DemoAreas.District);
        await dashboard.SubscribeArea(crew.Grid[..12]);

        var id = (await crew.Report(subcategory: "TF01")).Text("id");

        var batch = await dashboard.BatchWith(id, 1);
        Assert.Contains((id, 1), batch.Select(LiveClient.Key));
    }

    private static Task<JsonElement> Counters(Crew crew, string area) => Areas.CounterRollupTests.Counters(crew, area);

    private static Task DistrictRowsBecome(Crew crew, string category, string[] expected) =>
        Areas.CounterRollupTests.RowsBecome(crew, DemoAreas.District, category, expected);

    private static List<string> Rows(JsonElement counters, string category) => Areas.CounterRollupTests.Rows(counters, category);
}
