using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Incidents;

/// <summary>The seven canonical steps of domain.md §3 over real HTTP, against the real node.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ClosedLoopTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.LoopStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ACaseTravelsTheWholeClosedLoopAndItsHistoryRecordsWhoDidWhatWhenAndWhy()
    {
        var started = DateTimeOffset.UtcNow;
        var id = Crew.NewId();
        var leadUnit = (await _crew.Leader.GetAsync("api/catalogue/CG03").Expect(HttpStatusCode.OK)).Text("leadUnit");
        var unit = _crew.Unit(leadUnit);

        using var reportResponse = await _crew.GridWorker.PostAsJsonAsync("api/incidents", _crew.PatrolReport(id));
        var reported = await reportResponse.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/incidents/{id}", reportResponse.Headers.Location?.OriginalString);
        AssertStep(reported, "Reported", 1, ["self-handle", "summon"]);
        Assert.Equal(_crew.Grid, reported.GetProperty("incident").Text("gridCode"));
        Assert.Equal("Patrol", reported.GetProperty("incident").GetProperty("report").Text("source"));

        AssertStep(await Crew.Step(_crew.Intake, id, "forward", new { reason = "转值班长立案" }), "PendingRegistration", 2, ["register", "merge"]);
        AssertStep(await Crew.Step(_crew.ShiftLeader, id, "register"), "Registered", 3, []);

        var dispatched = await Crew.Step(_crew.Dispatcher, id, "dispatch");
        AssertStep(dispatched, "Dispatched", 4, []);
        Assert.Equal(leadUnit, dispatched.GetProperty("incident").Text("assignedUnitId"));
        Assert.Equal(leadUnit, dispatched.GetProperty("incident").Text("defaultUnitId"));

        AssertStep(await Crew.Step(unit, id, "sign"), "InProgress", 5, ["request-extension", "request-hang", "handle"]);
        AssertStep(await Crew.Step(unit, id, "handle", new { reason = "垃圾已清运", attachments = new[] { "photo/after.jpg" } }), "Handled", 6, []);
        AssertStep(await Crew.Step(_crew.Intake, id, "send-check"), "Checking", 7, []);
        AssertStep(await Crew.Step(_crew.GridWorker, id, "check", new { passed = true, attachments = new[] { "photo/check.jpg" } }), "PendingClose", 8, ["summon"]);
        var closed = await Crew.Step(_crew.ShiftLeader, id, "close", new { closure = "Normal", reason = "结案" });
        AssertStep(closed, "Closed", 9, []);
        Assert.Equal("Normal", closed.GetProperty("incident").Text("closure"));
        var finished = DateTimeOffset.UtcNow;

        var details = await _crew.Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal("Closed", details.GetProperty("incident").Text("state"));
        Assert.Equal(9, details.GetProperty("incident").GetProperty("version").GetInt32());
        Assert.Empty(details.Strings("allowed"));
        var history = details.GetProperty("history").EnumerateArray().ToList();
        (string Command, string? From, string To, string User, string Role, string? Unit, string? Reason, string[] Attachments)[] expected =
        [
            ("Report", null, "Reported", "gw-test", "GridWorker", null, null, ["photo/before.jpg"]),
            ("Forward", "Reported", "PendingRegistration", "intake-test", "Intake", null, "转值班长立案", []),
            ("Register", "PendingRegistration", "Registered", "shift-leader-test", "ShiftLeader", null, null, []),
            ("Dispatch", "Registered", "Dispatched", "dispatcher-test", "Dispatcher", null, null, []),
            ("Sign", "Dispatched", "InProgress", $"handler-{leadUnit}", "UnitHandler", leadUnit, null, []),
            ("Handle", "InProgress", "Handled", $"handler-{leadUnit}", "UnitHandler", leadUnit, "垃圾已清运", ["photo/after.jpg"]),
            ("SendCheck", "Handled", "Checking", "intake-test", "Intake", null, null, []),
            ("Check", "Checking", "PendingClose", "gw-test", "GridWorker", null, null, ["photo/check.jpg"]),
            ("Close", "PendingClose", "Closed", "shift-leader-test", "ShiftLeader", null, "结案", []),
        ];
        Assert.Equal(expected.Length, history.Count);
        var previous = started;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = history[i];
            Assert.Equal(i + 1, e.GetProperty("version").GetInt32());
            Assert.Equal(expected[i].Command, e.Text("command"));
            Assert.Equal(expected[i].From, e.GetProperty("from").GetString());
            Assert.Equal(expected[i].To, e.Text("to"));
            Assert.Equal(expected[i].User, e.Text("actorUserId"));
            Assert.Equal(expected[i].Role, e.Text("actorRole"));
            Assert.Equal(expected[i].Unit, e.GetProperty("actorUnitId").GetString());
            Assert.Equal(expected[i].Reason, e.GetProperty("reason").GetString());
            Assert.Equal(expected[i].Attachments, e.Strings("attachments"));

            // Server time, on the same clock as this test: inside the test's window, never going back.
            var at = e.GetProperty("at").GetDateTimeOffset();
            Assert.InRange(at, previous, finished);
            previous = at;
        }

        var dispatch = history[3].GetProperty("facts");
        Assert.Equal("dispatched", dispatch.Text("kind"));
        Assert.Equal(leadUnit, dispatch.Text("unitId"));
        Assert.Equal(leadUnit, dispatch.Text("defaultUnitId"));
        Assert.Equal("closed", history[8].GetProperty("facts").Text("kind"));
        Assert.Equal("Normal", history[8].GetProperty("facts").Text("closure"));

        var historyOnly = await _crew.Leader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.OK);
        Assert.Equal(details.GetProperty("history").GetRawText(), historyOnly.GetRawText());
    }

    [Fact]
    public async Task DispatchWithoutAUnitSendsTheCaseToTheLeadUnitThatTheCatalogueNamesForItsSubcategory()
    {
        var catalogue = await _crew.Leader.GetAsync("api/catalogue/CG05").Expect(HttpStatusCode.OK);
        var incident = await _crew.Report(subcategory: "CG05");
        var id = incident.Text("id");
        await Crew.Step(_crew.Intake, id, "forward");
        await Crew.Step(_crew.ShiftLeader, id, "register");

        var dispatched = (await Crew.Step(_crew.Dispatcher, id, "dispatch")).GetProperty("incident");

        Assert.Equal("housing", catalogue.Text("leadUnit"));
        Assert.Equal(catalogue.Text("leadUnit"), dispatched.Text("assignedUnitId"));
        Assert.Equal(catalogue.Text("leadUnit"), dispatched.Text("defaultUnitId"));
    }

    [Fact]
    public async Task TheCaseTellsEachCallerWhichStepsTheyMayTakeNow()
    {
        var id = (await _crew.Report()).Text("id");

        Assert.Equal(["forward", "reject", "merge"], await AllowedFor(_crew.Intake, id));
        Assert.Equal(["self-handle", "summon"], await AllowedFor(_crew.GridWorker, id));
        Assert.Empty(await AllowedFor(_crew.Dispatcher, id));
        Assert.Equal(["merge"], await AllowedFor(_crew.ShiftLeader, id));
        Assert.Equal(["issue-supervision", "summon"], await AllowedFor(_crew.Leader, id));

        await Crew.Step(_crew.Intake, id, "forward");

        Assert.Equal(["register", "merge"], await AllowedFor(_crew.Intake, id));
        Assert.Equal(["register", "void", "merge"], await AllowedFor(_crew.ShiftLeader, id));
        Assert.Equal(["summon"], await AllowedFor(_crew.GridWorker, id));
    }

    private static async Task<string[]> AllowedFor(HttpClient caller, string id) =>
        (await caller.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).Strings("allowed");

    private static void AssertStep(JsonElement answer, string state, int version, string[] allowed)
    {
        Assert.Equal(state, answer.GetProperty("incident").Text("state"));
        Assert.Equal(version, answer.GetProperty("incident").GetProperty("version").GetInt32());
        Assert.Equal(allowed, answer.Strings("allowed"));
    }
}
