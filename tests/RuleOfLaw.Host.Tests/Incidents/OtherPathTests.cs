using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Incidents;

/// <summary>The loop's other paths: return and redispatch, rework, extension, hang, verification, self-handling.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class OtherPathTests(SharedNode node) : IAsyncLifetime
{
    private const string LeadUnit = "law-enforcement";
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 1);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnApprovedReturnSendsTheCaseBackToRegisteredAndTheDispatcherRedispatchesToAnotherUnitWithAReason()
    {
        var incident = await _crew.Dispatched();
        var id = incident.Text("id");
        Assert.Equal(LeadUnit, incident.Text("assignedUnitId"));

        var requested = await Crew.Step(_crew.Unit(LeadUnit), id, "request-return", new { reason = "非本单位职责" });
        Assert.Equal("Dispatched", Incident(requested).Text("state"));
        Assert.Equal("Return", Incident(requested).GetProperty("pending").Text("kind"));
        Assert.Empty(requested.Strings("allowed"));
        Assert.Equal(["decide-return"], (await _crew.Dispatcher.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).Strings("allowed"));

        var returned = Incident(await Crew.Step(_crew.Dispatcher, id, "decide-return", new { approved = true }));
        Assert.Equal("Registered", returned.Text("state"));
        Assert.Equal(6, returned.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("assignedUnitId").ValueKind);
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("pending").ValueKind);

        var redispatched = Incident(await Crew.Step(_crew.Dispatcher, id, "dispatch", new { unitId = "sanitation-team", reason = "环卫清运队负责清运" }));
        Assert.Equal("Dispatched", redispatched.Text("state"));
        Assert.Equal(7, redispatched.GetProperty("version").GetInt32());
        Assert.Equal("sanitation-team", redispatched.Text("assignedUnitId"));
        Assert.Equal(LeadUnit, redispatched.Text("defaultUnitId"));

        var last = (await _crew.Details(id)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Dispatch", last.Text("command"));
        Assert.Equal("环卫清运队负责清运", last.Text("reason"));
        Assert.Equal("sanitation-team", last.GetProperty("facts").Text("unitId"));
        Assert.Equal(LeadUnit, last.GetProperty("facts").Text("defaultUnitId"));

        await _crew.Unit(LeadUnit).PostAsync($"api/incidents/{id}/sign", null).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("InProgress", Incident(await Crew.Step(_crew.Unit("sanitation-team"), id, "sign")).Text("state"));
    }

    [Fact]
    public async Task AFailedCheckSendsTheCaseBackToTheSameUnitForReworkAndCountsIt()
    {
        var id = (await _crew.InProgress()).Text("id");
        await Crew.Step(_crew.Unit(LeadUnit), id, "handle", new { attachments = new[] { "photo/after.jpg" } });
        await Crew.Step(_crew.Intake, id, "send-check");

        var rework = await Crew.Step(_crew.GridWorker, id, "check", new { passed = false, reason = "现场仍有垃圾", attachments = new[] { "photo/still-dirty.jpg" } });

        var incident = Incident(rework);
        Assert.Equal("Dispatched", incident.Text("state"));
        Assert.Equal(8, incident.GetProperty("version").GetInt32());
        Assert.Equal(1, incident.GetProperty("reworkCount").GetInt32());
        Assert.Equal(LeadUnit, incident.Text("assignedUnitId"));
        var check = (await _crew.Details(id)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Check", check.Text("command"));
        Assert.Equal("Checking", check.Text("from"));
        Assert.Equal("Dispatched", check.Text("to"));
        Assert.Equal("现场仍有垃圾", check.Text("reason"));
        Assert.False(check.GetProperty("facts").GetProperty("affirmed").GetBoolean());
        Assert.Equal("InProgress", Incident(await Crew.Step(_crew.Unit(LeadUnit), id, "sign")).Text("state"));
    }

    [Fact]
    public async Task AnApprovedExtensionIsAddedToTheCasesExtensions()
    {
        var id = (await _crew.InProgress()).Text("id");

        var requested = Incident(await Crew.Step(_crew.Unit(LeadUnit), id, "request-extension", new
        {
            extension = new { value = 2, unit = "WorkingDays" },
            reason = "需协调环卫车辆",
        }));
        Assert.Equal("InProgress", requested.Text("state"));
        Assert.Equal("Extension", requested.GetProperty("pending").Text("kind"));
        Assert.Equal(2, requested.GetProperty("pending").GetProperty("extension").GetProperty("value").GetInt32());
        Assert.Empty(requested.GetProperty("extensions").EnumerateArray());

        var approved = Incident(await Crew.Step(_crew.Dispatcher, id, "decide-extension", new { approved = true }));

        Assert.Equal("InProgress", approved.Text("state"));
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("pending").ValueKind);
        var extension = Assert.Single(approved.GetProperty("extensions").EnumerateArray());
        Assert.Equal(2, extension.GetProperty("value").GetInt32());
        Assert.Equal("WorkingDays", extension.Text("unit"));

        // The handling deadline moved by two working days: at least a day and at most a long weekend and holiday later.
        var moved = HandlingClock(approved).GetProperty("dueAt").GetDateTimeOffset() - HandlingClock(requested).GetProperty("dueAt").GetDateTimeOffset();
        Assert.InRange(moved, TimeSpan.FromHours(24), TimeSpan.FromDays(12));
    }

    private static JsonElement HandlingClock(JsonElement incident) =>
        Assert.Single(incident.GetProperty("clocks").EnumerateArray(), clock => clock.Text("kind") == "Handling");

    [Fact]
    public async Task AnApprovedHangParksTheCaseUntilTheUnitResumesIt()
    {
        var id = (await _crew.InProgress()).Text("id");

        var requested = Incident(await Crew.Step(_crew.Unit(LeadUnit), id, "request-hang", new { reason = "雨季无法施工" }));
        Assert.Equal("Hang", requested.GetProperty("pending").Text("kind"));
        var hung = Incident(await Crew.Step(_crew.Dispatcher, id, "decide-hang", new { approved = true }));
        Assert.Equal("Hung", hung.Text("state"));
        Assert.Equal(JsonValueKind.Null, hung.GetProperty("pending").ValueKind);
        Assert.Equal(JsonValueKind.String, HandlingClock(hung).GetProperty("pausedAt").ValueKind);

        var resumed = await Crew.Step(_crew.Unit(LeadUnit), id, "resume", new { reason = "天气转好" });
        Assert.Equal(JsonValueKind.Null, HandlingClock(Incident(resumed)).GetProperty("pausedAt").ValueKind);
        Assert.True(HandlingClock(Incident(resumed)).GetProperty("dueAt").GetDateTimeOffset() >= HandlingClock(hung).GetProperty("dueAt").GetDateTimeOffset());

        Assert.Equal("InProgress", Incident(resumed).Text("state"));
        Assert.Equal(8, Incident(resumed).GetProperty("version").GetInt32());
        Assert.Equal(["request-extension", "request-hang", "handle"], resumed.Strings("allowed"));
    }

    [Fact]
    public async Task AHotlineReportThatTheGridWorkerFindsDoesNotExistIsRejected()
    {
        var id = Crew.NewId();
        var reported = await _crew.Intake.PostAsJsonAsync("api/incidents", new
        {
            id,
            subcategory = "CG03",
            description = "市民来电：小区门口有垃圾",
            longitude = _crew.Point.Longitude,
            latitude = _crew.Point.Latitude,
            source = "Hotline",
        }).Expect(HttpStatusCode.Created);
        Assert.Equal("Hotline", Incident(reported).GetProperty("report").Text("source"));
        Assert.Equal(["request-verification", "forward", "reject", "merge"], reported.Strings("allowed"));

        var verifying = await Crew.Step(_crew.Intake, id, "request-verification");
        Assert.Equal("Verifying", Incident(verifying).Text("state"));
        Assert.Equal(["verify", "summon"], (await _crew.GridWorker.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).Strings("allowed"));

        var rejected = Incident(await Crew.Step(_crew.GridWorker, id, "verify", new { exists = false, reason = "现场未发现垃圾" }));

        Assert.Equal("Rejected", rejected.Text("state"));
        Assert.Equal(3, rejected.GetProperty("version").GetInt32());
        Assert.False(rejected.GetProperty("isOpen").GetBoolean());
        var verdict = (await _crew.Details(id)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Verify", verdict.Text("command"));
        Assert.Equal("GridWorker", verdict.Text("actorRole"));
        Assert.Equal("现场未发现垃圾", verdict.Text("reason"));
    }

    [Fact]
    public async Task AMinorMatterTheGridWorkerFixesOnTheSpotIsClosedByTheShiftLeader()
    {
        var id = (await _crew.Report()).Text("id");

        var selfHandled = await Crew.Step(_crew.GridWorker, id, "self-handle", new { reason = "已现场清理", attachments = new[] { "photo/cleaned.jpg" } });
        Assert.Equal("SelfHandled", Incident(selfHandled).Text("state"));
        Assert.Equal(["close"], (await _crew.ShiftLeader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).Strings("allowed"));

        var closed = Incident(await Crew.Step(_crew.ShiftLeader, id, "close", new { closure = "Normal" }));

        Assert.Equal("Closed", closed.Text("state"));
        Assert.Equal(3, closed.GetProperty("version").GetInt32());
        Assert.Equal("Normal", closed.Text("closure"));
        Assert.Equal(["Report", "SelfHandle", "Close"], (await _crew.Details(id)).GetProperty("history").EnumerateArray().Select(e => e.Text("command")));
    }

    private static JsonElement Incident(JsonElement answer) => answer.GetProperty("incident");
}
