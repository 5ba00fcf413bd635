using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Host.Tests.Supervision;

/// <summary>
/// Supervision orders (督办) and summonses (吹哨报到) over HTTP: the leader's queue, the reply, an
/// overdue reply escalating by itself, departments reporting in and what is counted against them.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class SupervisionTests(SharedNode node) : IAsyncLifetime
{
    private const string LeadUnit = "law-enforcement";
    private const string Housing = "housing";
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 3);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ALeaderOrdersTheUnitRepliesAndTheLeadersQueueShowsTheOrderDone()
    {
        var id = (await _crew.InProgress()).Text("id");
        var replyBy = DateTimeOffset.UtcNow.AddDays(2);

        var issued = (await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "请三日内说明处置进度", replyBy })).GetProperty("incident");
        var order = Assert.Single(issued.GetProperty("supervisions").EnumerateArray().ToList());
        Assert.Equal(("order-6", "请三日内说明处置进度"), (order.Text("orderId"), order.Text("instruction")));
        Assert.Contains(issued.GetProperty("clocks").EnumerateArray(), clock => clock.Text("kind") == "SupervisionReply" && clock.Text("key") == "order-6");
        Assert.Equal("Awaiting", (await OwnOrder(id)).Text("status"));

        var replied = (await Crew.Step(_crew.Unit(LeadUnit), id, "reply-supervision", new { orderId = "order-6", reply = "已清运，待核查" })).GetProperty("incident");

        Assert.Equal("已清运，待核查", replied.GetProperty("supervisions")[0].Text("reply"));
        Assert.DoesNotContain(replied.GetProperty("clocks").EnumerateArray(), clock => clock.Text("kind") == "SupervisionReply");
        var line = await OwnOrder(id);
        Assert.Equal(("Done", "已清运，待核查"), (line.Text("status"), line.Text("reply")));
        await _crew.Unit(LeadUnit).PostAsync($"api/incidents/{id}/reply-supervision", HttpExpectations.Json(new { orderId = "order-6", reply = "再回复" }))
            .Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AReplyNotGivenByItsDateTurnsTheOrderOverdueAndEscalatesToTheCommunity()
    {
        var id = (await _crew.InProgress()).Text("id");
        await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "今日内回复", replyBy = DateTimeOffset.UtcNow.AddSeconds(3) });

        var line = await Signals.Until(() => OwnOrder(id), order => order.Text("status") == "Overdue", "the order to go overdue", order => order.ToString(), TimeSpan.FromSeconds(20));
        Assert.Equal("order-6", line.Text("orderId"));
        var community = _crew.Grid[..12];
        var escalated = (await _crew.Leader.GetAsync($"api/areas/{community}/escalations").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Single(entry => entry.Text("incidentId") == id);
        Assert.Equal(("SupervisionReply", "order-6", 1, LeadUnit), (escalated.Text("clock"), escalated.Text("key"), escalated.GetProperty("level").GetInt32(), escalated.Text("unitId")));

        var replied = (await Crew.Step(_crew.Unit(LeadUnit), id, "reply-supervision", new { orderId = "order-6", reply = "超期回复：已处理" })).GetProperty("incident");
        Assert.Contains("SupervisionReply", replied.Strings("late"));
        Assert.Equal("DoneLate", (await OwnOrder(id)).Text("status"));
        Assert.DoesNotContain((await _crew.Leader.GetAsync($"api/areas/{community}/escalations").Expect(HttpStatusCode.OK)).EnumerateArray(), entry => entry.Text("incidentId") == id);
    }

    [Fact]
    public async Task ASummonedDepartmentReadsTheCaseReportsInWithItsCommitmentAndIsCountedOnTime()
    {
        var id = (await _crew.InProgress()).Text("id");
        var housing = _crew.Unit(Housing);
        await housing.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.Forbidden);
        var before = (await housing.GetAsync($"api/units/{Housing}/summonses").Expect(HttpStatusCode.OK)).GetProperty("tally");

        await Crew.Step(_crew.GridWorker, id, "summon", new { unitIds = new[] { Housing, LeadUnit }, acknowledgeBy = DateTimeOffset.UtcNow.AddHours(2), reason = "房屋结构隐患，住建与执法联合处置" });

        var seen = await housing.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(["acknowledge-summons"], seen.Strings("allowed"));
        var acknowledged = (await Crew.Step(housing, id, "acknowledge-summons", new { summonsId = "summons-6", commitment = "明早九点派结构工程师到场" })).GetProperty("incident");
        var unit = acknowledged.GetProperty("summonses")[0].GetProperty("units").EnumerateArray().Single(u => u.Text("unitId") == Housing);
        Assert.Equal("明早九点派结构工程师到场", unit.Text("commitment"));

        var queue = await housing.GetAsync($"api/units/{Housing}/summonses").Expect(HttpStatusCode.OK);
        Assert.Equal("Done", queue.GetProperty("summonses").EnumerateArray().Single(line => line.Text("incidentId") == id).Text("status"));
        Assert.Equal(before.GetProperty("acknowledgedOnTime").GetInt32() + 1, queue.GetProperty("tally").GetProperty("acknowledgedOnTime").GetInt32());
        await housing.PostAsync($"api/incidents/{id}/acknowledge-summons", HttpExpectations.Json(new { summonsId = "summons-6", commitment = "再报到" }))
            .Expect(HttpStatusCode.Conflict);
        await _crew.Unit("ecology").PostAsync($"api/incidents/{id}/acknowledge-summons", HttpExpectations.Json(new { summonsId = "summons-6", commitment = "到场" }))
            .Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnOrderAndASummonsStillOwedWhenTheReportIsRejectedEndWithItInBothQueues()
    {
        var id = (await _crew.Report()).Text("id");
        await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "请尽快核实", replyBy = DateTimeOffset.UtcNow.AddDays(1) });
        await Crew.Step(_crew.GridWorker, id, "summon", new { unitIds = new[] { Housing }, acknowledgeBy = DateTimeOffset.UtcNow.AddHours(2), reason = "联合核实 joint check" });
        var housing = _crew.Unit(Housing);
        var before = (await housing.GetAsync($"api/units/{Housing}/summonses").Expect(HttpStatusCode.OK)).GetProperty("tally");
        Assert.Equal("Awaiting", (await OwnOrder(id)).Text("status"));

        var rejected = (await Crew.Step(_crew.Intake, id, "reject", new { reason = "不属于受理范围 out of scope" })).GetProperty("incident");

        Assert.Equal("Rejected", rejected.Text("state"));
        Assert.NotEqual(JsonValueKind.Null, rejected.GetProperty("supervisions")[0].GetProperty("endedAt").ValueKind);
        Assert.Empty(rejected.GetProperty("clocks").EnumerateArray());
        Assert.Equal("EndedWithCase", (await OwnOrder(id)).Text("status"));
        var queue = await housing.GetAsync($"api/units/{Housing}/summonses").Expect(HttpStatusCode.OK);
        Assert.Equal("EndedWithCase", queue.GetProperty("summonses").EnumerateArray().Single(line => line.Text("incidentId") == id).Text("status"));
        var tally = queue.GetProperty("tally");
        Assert.Equal(
            (before.GetProperty("awaiting").GetInt32() - 1, before.GetProperty("overdue").GetInt32(), before.GetProperty("endedWithCase").GetInt32() + 1),
            (tally.GetProperty("awaiting").GetInt32(), tally.GetProperty("overdue").GetInt32(), tally.GetProperty("endedWithCase").GetInt32()));
        var label = (await _crew.Leader.GetAsync("api/labels").Expect(HttpStatusCode.OK)).GetProperty("obligations").GetProperty("EndedWithCase");
        Assert.Equal(("随案终止", "Ended with the case"), (label.Text("zhCn"), label.Text("en")));
    }

    [Fact]
    public async Task TheShiftLeaderRepliesForTheCommandCentreOnlyBeforeAUnitHasTheCase()
    {
        var id = (await _crew.Report()).Text("id");
        await Crew.Step(_crew.Intake, id, "forward");
        await Crew.Step(_crew.ShiftLeader, id, "register");
        await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "请尽快派遣", replyBy = DateTimeOffset.UtcNow.AddDays(1) });
        await Crew.Step(_crew.ShiftLeader, id, "reply-supervision", new { orderId = "order-4", reply = "已安排派遣" });

        var working = (await _crew.InProgress()).Text("id");
        await Crew.Step(_crew.Leader, working, "issue-supervision", new { instruction = "请说明处置进度", replyBy = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.DoesNotContain("reply-supervision", (await _crew.ShiftLeader.GetAsync($"api/incidents/{working}").Expect(HttpStatusCode.OK)).Strings("allowed"));
        await _crew.ShiftLeader.PostAsync($"api/incidents/{working}/reply-supervision", HttpExpectations.Json(new { orderId = "order-6", reply = "代为回复" }))
            .Expect(HttpStatusCode.Forbidden);
        await Crew.Step(_crew.Unit(LeadUnit), working, "reply-supervision", new { orderId = "order-6", reply = "处置中" });
    }

    /// <summary>
    /// The queues' store refuses writes (triggers: the real store, really failing) while a leader
    /// issues an order. The order stands on the case, and the case makes the leader's queue update
    /// again by itself until the store takes it: nobody steps the case again.
    /// </summary>
    [Fact]
    public async Task AnOrderTheLeadersQueueCouldNotStoreReachesItOnceTheStoreTakesWritesAgain()
    {
        var id = (await _crew.InProgress()).Text("id");
        string[] triggers = ["refuse_queue_insert", "refuse_queue_update"];
        await Sql($"CREATE TRIGGER {triggers[0]} BEFORE INSERT ON grain_state WHEN NEW.state_name = 'case-queue' BEGIN SELECT RAISE(ABORT, 'test: queues refuse writes'); END;");
        await Sql($"CREATE TRIGGER {triggers[1]} BEFORE UPDATE ON grain_state WHEN NEW.state_name = 'case-queue' BEGIN SELECT RAISE(ABORT, 'test: queues refuse writes'); END;");
        try
        {
            var issued = (await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "请说明进度 queue", replyBy = DateTimeOffset.UtcNow.AddDays(2) })).GetProperty("incident");
            Assert.Single(issued.GetProperty("supervisions").EnumerateArray());
            Assert.DoesNotContain(await OwnOrders(), line => line.Text("incidentId") == id);
        }
        finally
        {
            foreach (var trigger in triggers)
            {
                await Sql($"DROP TRIGGER IF EXISTS {trigger};");
            }
        }

        var orders = await Signals.Until(
            OwnOrders,
            lines => lines.Any(line => line.Text("incidentId") == id),
            "the leader's queue to take the order once its store takes writes",
            lines => $"{lines.Count} orders",
            TimeSpan.FromSeconds(30));
        Assert.Equal("Awaiting", orders.Single(line => line.Text("incidentId") == id).Text("status"));
    }

    private async Task<List<JsonElement>> OwnOrders() =>
        [.. (await _crew.Leader.GetAsync("api/supervision").Expect(HttpStatusCode.OK)).EnumerateArray()];

    private async Task Sql(string sql)
    {
        var path = new StorageOptions { DataDirectory = node.DataDirectory }.DatabasePath;
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> OwnOrder(string id) =>
        (await _crew.Leader.GetAsync("api/supervision").Expect(HttpStatusCode.OK)).EnumerateArray().Single(line => line.Text("incidentId") == id);
}
