using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Clocks;
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
        var deltas = await dashboard.DeltasUntil(id, delta => delta.GetProperty("summary").GetProperty("escalationLevel").GetInt32() == 3, "the case at rung 3")
            .Within("the case's climb to rung 3", TimeSpan.FromSeconds(30));

        // Pushed in order, never backwards. Red and the first rung fall due at the same instant (one
        // append, one delta); a tick that comes after the next instant too (a busy machine) appends
        // both at once, so a colour or a rung may arrive together with the one after it.
        var mine = deltas.Where(delta => delta.Text("incidentId") == id).Select(delta => delta.GetProperty("summary")).ToList();
        var seen = mine.Select(summary => (Light: Enum.Parse<ClockColour>(summary.Text("light")!), Level: summary.GetProperty("escalationLevel").GetInt32())).ToList();
        Assert.Equal((ClockColour.Green, 0), seen[0]);
        Assert.Equal((ClockColour.Red, 3), seen[^1]);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First.Light <= pair.Second.Light && pair.First.Level <= pair.Second.Level), string.Join(", ", seen));

        // Each change is in the history as the platform's, at (or after, within the limit) its own instant.
        var history = (await crew.Details(id)).GetProperty("history").EnumerateArray().ToList();
        var reportedAt = history[0].GetProperty("at").GetDateTimeOffset();
        var dueAt = reportedAt + ClockedNode.RegisterLimit;
        var expected = new (string Change, DateTimeOffset Instant)[]
        {
            ("turned Yellow", reportedAt + (ClockedNode.RegisterLimit * 0.8)),
            ("turned Red", dueAt),
            ("escalated 1", dueAt + ClockedNode.EscalateAfterDue[0]),
            ("escalated 2", dueAt + ClockedNode.EscalateAfterDue[1]),
            ("escalated 3", dueAt + ClockedNode.EscalateAfterDue[2]),
        };
        var changes = history.Skip(1).Select(e =>
        {
            Assert.Equal(("system", "System"), (e.Text("actorUserId"), e.Text("actorRole")));
            var facts = e.GetProperty("facts");
            var change = facts.Text("kind") == "escalated" ? $"escalated {facts.GetProperty("level").GetInt32()}" : $"turned {facts.Text("colour")}";
            return (Change: change, At: e.GetProperty("at").GetDateTimeOffset());
        }).ToList();
        // Yellow is skipped only when the tick came after red was due too.
        Assert.Equal(
            expected.Select(e => e.Change).Where(change => change != "turned Yellow" || changes.Any(c => c.Change == change)),
            changes.Select(c => c.Change));
        foreach (var (change, at) in changes)
        {
            var instant = expected.Single(e => e.Change == change).Instant;
            Assert.InRange(at - instant, TimeSpan.FromMilliseconds(-50), FireLimit);
        }

        Assert.Equal(
            [$"escalated 1 {community}", $"escalated 2 {community[..9]}", $"escalated 3 {DemoAreas.District}"],
            history.Where(e => e.Text("command") == "Escalate")
                .Select(e => $"{e.GetProperty("facts").Text("kind")} {e.GetProperty("facts").GetProperty("level").GetInt32()} {e.GetProperty("facts").Text("areaCode")}"));

        // The printable accountability page says in words what the platform did, not "—".
        using (var chinese = node.Client(Role.Leader, language: null))
        {
            var page = await (await chinese.GetAsync($"api/incidents/{id}/accountability?format=html")).Content.ReadAsStringAsync();
            Assert.Contains("立案时限转为红灯", page, StringComparison.Ordinal);
            Assert.Contains($"立案超时，升级至第3级（{DemoAreas.District}）", page, StringComparison.Ordinal);
        }

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

        // Down until the second rung has fallen due: its tick is missed while no node holds the
        // reminder, the case that comes latest, and it too must come within the limit.
        var dueAt = (await crew.Details(id)).GetProperty("history")[0].GetProperty("at").GetDateTimeOffset() + ClockedNode.RegisterLimit;
        await node.Kill();
        var missed = dueAt + ClockedNode.EscalateAfterDue[1] - DateTimeOffset.UtcNow;
        if (missed > TimeSpan.Zero)
        {
            await Task.Delay(missed + TimeSpan.FromSeconds(1));
        }

        await node.Restart();

        var history = await Signals.Until(
            async () => (await crew.Details(id)).GetProperty("history").EnumerateArray().ToList(),
            events => events.Count >= 6,
            "the third rung after the restart",
            events => $"{events.Count} events",
            FireLimit + TimeSpan.FromSeconds(20));
        Assert.Equal(6, history.Count);
        Assert.Equal(
            [("Escalate", 2), ("Escalate", 3)],
            history[4..].Select(e => (e.Text("command")!, e.GetProperty("facts").GetProperty("level").GetInt32())));
        foreach (var change in history[4..])
        {
            Assert.InRange(change.GetProperty("at").GetDateTimeOffset() - Instant(change), TimeSpan.FromMilliseconds(-50), FireLimit);
        }

        DateTimeOffset Instant(JsonElement escalation) =>
            dueAt + ClockedNode.EscalateAfterDue[escalation.GetProperty("facts").GetProperty("level").GetInt32() - 1];
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
