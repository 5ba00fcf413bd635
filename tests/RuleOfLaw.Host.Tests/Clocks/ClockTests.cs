using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Clocks;

/// <summary>
/// Clocks on a real node with real reminders: a case nobody registers turns yellow at 80% of its
/// register limit, red at 100%, and climbs community → street → district; each change is an event
/// of the platform in the case's history, pushed live, and queued at the level it reached. The
/// reminder is durable: after a kill -9 and a restart the clock goes on within a minute.
/// </summary>
[Collection(ClockedNodeCollection.Name)]
public sealed class ClockTests(ClockedNode node)
{
    /// <summary>issue 6 §2: a change falls due within this of its instant, even across a restart.</summary>
    private static readonly TimeSpan FireLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ACaseLeftAloneTurnsYellowThenRedAndClimbsToTheDistrictLiveAndIntoEachLevelsQueue()
    {
        using var crew = await Crew.In(node, "510802006");
        var community = crew.Grid[..12];
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        await dashboard.SubscribeArea(community);

        var id = (await crew.Report()).Text("id");
        var deltas = await dashboard.DeltasUntil(id, 6).Within("the case's sixth version: rung 3", TimeSpan.FromSeconds(30));

        var mine = deltas.Where(delta => delta.Text("incidentId") == id).Select(delta => delta.GetProperty("summary")).ToList();
        // Red and the first rung fall due at the same instant: one append, one delta (version 4).
        Assert.Equal(
            ["1 Green 0", "2 Yellow 0", "4 Red 1", "5 Red 2", "6 Red 3"],
            mine.Select(summary => $"{summary.GetProperty("version").GetInt32()} {summary.Text("light")} {summary.GetProperty("escalationLevel").GetInt32()}"));

        var history = (await crew.Details(id)).GetProperty("history").EnumerateArray().ToList();
        var reportedAt = history[0].GetProperty("at").GetDateTimeOffset();
        var dueAt = reportedAt + ClockedNode.RegisterLimit;
        var expected = new (string Command, DateTimeOffset Instant)[]
        {
            ("ClockTurned", reportedAt + (ClockedNode.RegisterLimit * 0.8)),
            ("ClockTurned", dueAt),
            ("Escalate", dueAt + ClockedNode.EscalateAfterDue[0]),
            ("Escalate", dueAt + ClockedNode.EscalateAfterDue[1]),
            ("Escalate", dueAt + ClockedNode.EscalateAfterDue[2]),
        };
        foreach (var (e, (command, instant)) in history.Skip(1).Zip(expected))
        {
            Assert.Equal((command, "system", "System"), (e.Text("command"), e.Text("actorUserId"), e.Text("actorRole")));
            var at = e.GetProperty("at").GetDateTimeOffset();
            Assert.InRange(at - instant, TimeSpan.FromMilliseconds(-50), FireLimit);
        }

        Assert.Equal(
            [$"escalated 1 {community}", $"escalated 2 {community[..9]}", $"escalated 3 {DemoAreas.District}"],
            history.Skip(3).Select(e => $"{e.GetProperty("facts").Text("kind")} {e.GetProperty("facts").GetProperty("level").GetInt32()} {e.GetProperty("facts").Text("areaCode")}"));

        foreach (var level in new[] { crew.Grid, community, community[..9], DemoAreas.District })
        {
            var queue = await Escalations(crew.Leader, level);
            Assert.Contains(queue, entry => entry.Text("incidentId") == id && entry.GetProperty("level").GetInt32() == 3 && entry.Text("clock") == "Register");
        }

        // Forwarding keeps the register clock running; registering stops it late and the case leaves every queue.
        await Crew.Step(crew.Intake, id, "forward");
        var registered = (await Crew.Step(crew.ShiftLeader, id, "register")).GetProperty("incident");
        Assert.Equal(["Register"], registered.Strings("late"));
        Assert.Equal(["Dispatch"], registered.GetProperty("clocks").EnumerateArray().Select(clock => clock.Text("kind")));
        foreach (var level in new[] { community, community[..9], DemoAreas.District })
        {
            Assert.DoesNotContain(await Escalations(crew.Leader, level), entry => entry.Text("incidentId") == id);
        }
    }

    [Fact]
    public async Task TheClockGoesOnAfterTheNodeIsKilledAndRestarted()
    {
        using var crew = await Crew.In(node, "510802007");
        var id = (await crew.Report()).Text("id");
        await Signals.Until(() => crew.VersionOf(id), version => version >= 4, "the first rung", version => $"version {version}", TimeSpan.FromSeconds(20));

        await node.KillAndRestart();

        var history = await Signals.Until(
            async () => (await crew.Details(id)).GetProperty("history").EnumerateArray().ToList(),
            events => events.Count >= 6,
            "the third rung after the restart",
            events => $"{events.Count} events",
            FireLimit + TimeSpan.FromSeconds(20));
        var dueAt = history[0].GetProperty("at").GetDateTimeOffset() + ClockedNode.RegisterLimit;
        var top = history[5];
        Assert.Equal(("Escalate", 3), (top.Text("command"), top.GetProperty("facts").GetProperty("level").GetInt32()));
        Assert.InRange(top.GetProperty("at").GetDateTimeOffset() - (dueAt + ClockedNode.EscalateAfterDue[2]), TimeSpan.FromMilliseconds(-50), FireLimit);
        Assert.Equal(6, history.Count);
    }

    [Fact]
    public async Task EscalationQueuesRefuseAnUnknownAreaAndABadCode()
    {
        using var crew = await Crew.In(node, "510802008");

        await crew.Leader.GetAsync("api/areas/510802999/escalations").Expect(HttpStatusCode.NotFound);
        await crew.Leader.GetAsync("api/areas/abc/escalations").Expect(HttpStatusCode.BadRequest);
    }

    private static async Task<List<JsonElement>> Escalations(HttpClient reader, string area) =>
        (await reader.GetAsync($"api/areas/{area}/escalations").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
}
