using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Workers;

/// <summary>
/// Where people are is personal information: positions reach only the maps of those who dispatch
/// and lead, at most once a second per person; tracks are read back by window by them (and by the
/// worker themself), each read recorded; field teams send their own positions.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class TrackTests(SharedNode node)
{
    [Fact]
    public async Task AWorkersMovesReachTheDispatchersMapAtMostOnceASecondAndTheSnapshotHoldsWhereTheyAre()
    {
        var user = $"gw-{Guid.NewGuid():N}";
        await using var map = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.District);
        var positions = new List<(TimeSpan At, JsonElement Update)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        map.Connection.On<List<JsonElement>>("Positions", batch =>
        {
            lock (positions)
            {
                positions.AddRange(batch.Where(update => update.GetProperty("subject").Text("id") == user).Select(update => (clock.Elapsed, update)));
            }
        });
        await map.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet).Within("SubscribeAreaPositions to answer");
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet, user: user);

        // Thirty fixes, one every tenth of a second or so (as fast as the node answers).
        var start = DateTimeOffset.UtcNow;
        var sending = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < 30; n++)
        {
            await phone.Connection.InvokeAsync("UpdatePosition", new { longitude = 105.84 + (n * 0.0001), latitude = 32.43, at = start.AddMilliseconds(100 * n) }).Within("UpdatePosition to complete");
            await Task.Delay(100);
        }

        var sent = sending.Elapsed;
        var newest = start.AddMilliseconds(2900);
        await Signals.Until(
            () => Task.FromResult(Snapshot(positions)),
            received => received.Count > 0 && received[^1].Update.GetProperty("fix").GetProperty("takenAt").GetDateTimeOffset() == newest,
            "the newest fix on the dispatcher's map",
            received => $"{received.Count} updates");
        var pushed = Snapshot(positions);
        // At most one a second while they move (and the last one after), never one per fix.
        Assert.InRange(pushed.Count, 2, (int)Math.Ceiling(sent.TotalSeconds) + 2);
        for (var i = 1; i < pushed.Count; i++)
        {
            Assert.True(pushed[i].At - pushed[i - 1].At >= TimeSpan.FromMilliseconds(700), $"Two updates of one person {(pushed[i].At - pushed[i - 1].At).TotalMilliseconds:0} ms apart.");
        }

        // A map opened later finds the worker where they last were, from the store.
        await using var late = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        var snapshot = await Signals.Until(
            async () => await late.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet),
            held => held.GetProperty("positions").EnumerateArray().Any(update => update.GetProperty("subject").Text("id") == user && update.GetProperty("fix").GetProperty("takenAt").GetDateTimeOffset() == newest),
            "the worker's newest fix in a later snapshot",
            held => held.ToString());
        Assert.Equal("Worker", snapshot.GetProperty("positions").EnumerateArray().First(update => update.GetProperty("subject").Text("id") == user).GetProperty("subject").Text("kind"));
        var presence = snapshot.GetProperty("presence").EnumerateArray().Single(update => update.GetProperty("subject").Text("id") == user);
        Assert.True(presence.GetProperty("online").GetBoolean());
    }

    /// <summary>A worker is reachable while their app is connected and heard from, and not once it disconnects; maps hear of both.</summary>
    [Fact]
    public async Task AWorkerIsReachableWhileConnectedAndTheMapHearsWhenTheyGo()
    {
        var user = $"gw-{Guid.NewGuid():N}";
        await using var map = await LiveClient.Connect(node, Role.ShiftLeader, DemoAreas.District);
        var presence = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
        map.Connection.On<List<JsonElement>>("Presence", batch =>
        {
            foreach (var update in batch.Where(update => update.GetProperty("subject").Text("id") == user))
            {
                presence.Writer.TryWrite(update);
            }
        });
        await map.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet).Within("SubscribeAreaPositions to answer");

        var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet, user: user);
        var online = await presence.Reader.ReadAsync().AsTask().Within("the worker coming online on the map");
        await phone.Connection.InvokeAsync("Heartbeat").Within("Heartbeat to complete");
        await phone.DisposeAsync();
        var offline = await presence.Reader.ReadAsync().AsTask().Within("the worker going offline on the map");

        Assert.Equal((true, false), (online.GetProperty("online").GetBoolean(), offline.GetProperty("online").GetBoolean()));
        Assert.True(offline.GetProperty("since").GetDateTimeOffset() >= online.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(DemoAreas.LiveStreet, offline.Text("homeArea"));
    }

    /// <summary>
    /// A map opened after a worker connected, before their first fix, still shows them reachable:
    /// the snapshot reads who is online from the district's roster, not only from stored fixes.
    /// </summary>
    [Fact]
    public async Task AWorkerConnectedBeforeTheMapOpenedAndWithoutAFixIsReachableInItsSnapshot()
    {
        var user = $"gw-{Guid.NewGuid():N}";
        var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet, user: user);
        await phone.Connection.InvokeAsync("Heartbeat").Within("Heartbeat to complete");

        await using var map = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.District);
        var snapshot = await Signals.Until(
            async () => await map.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet),
            held => PresenceOf(held, user) is { } presence && presence.GetProperty("online").GetBoolean(),
            "the worker reachable in the snapshot",
            held => held.ToString());
        Assert.DoesNotContain(snapshot.GetProperty("positions").EnumerateArray(), update => update.GetProperty("subject").Text("id") == user);
        Assert.Equal(DemoAreas.LiveStreet, PresenceOf(snapshot, user)!.Value.Text("homeArea"));

        // Maps of another street do not list them.
        await using var other = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.District);
        var elsewhere = await other.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.OtherLiveStreet).Within("SubscribeAreaPositions to answer");
        Assert.Null(PresenceOf(elsewhere, user));

        // Gone: a later snapshot no longer lists them as reachable.
        await phone.DisposeAsync();
        await Signals.Until(
            async () => await map.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet),
            held => PresenceOf(held, user) is null,
            "the worker gone from a later snapshot",
            held => held.ToString());
    }

    private static JsonElement? PresenceOf(JsonElement snapshot, string user) =>
        snapshot.GetProperty("presence").EnumerateArray().Where(update => update.GetProperty("subject").Text("id") == user).Select(update => (JsonElement?)update).FirstOrDefault();

    [Fact]
    public async Task OnlyThoseWhoDispatchAndLeadSeePositionsLive()
    {
        await using var intake = await LiveClient.Connect(node, Role.Intake, DemoAreas.District);
        await using var worker = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet);
        await using var outOfScope = await LiveClient.Connect(node, Role.Dispatcher, DemoAreas.OtherLiveStreet);

        foreach (var refused in new[] { intake, worker, outOfScope })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => refused.Connection.InvokeAsync<JsonElement>("SubscribeAreaPositions", DemoAreas.LiveStreet));
            Assert.Contains("Forbidden: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATrackIsReadByWindowByThoseWhoMayAndEveryReadIsRecorded()
    {
        var user = $"gw-{Guid.NewGuid():N}";
        var other = $"gw-{Guid.NewGuid():N}";
        using var worker = node.Client(Role.GridWorker, DemoAreas.LiveStreet, user: user);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var fixes = Enumerable.Range(0, 12).Select(n => new { longitude = 105.84 + (n * 0.0001), latitude = 32.43, at = start.AddSeconds(30 * n) }).ToArray();
        await using (var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet, user: user))
        {
            await phone.Connection.InvokeAsync("UpdatePositions", fixes).Within("UpdatePositions to complete");
        }

        using var dispatcher = node.Client(Role.Dispatcher, DemoAreas.District);
        var window = $"from={Uri.EscapeDataString(start.AddSeconds(60).ToString("O"))}&to={Uri.EscapeDataString(start.AddSeconds(180).ToString("O"))}";
        var track = await Signals.Until(
            () => StoredTrack(dispatcher, $"api/positions/workers/{user}/track?{window}"),
            read => read.ValueKind == JsonValueKind.Object && read.TryGetProperty("points", out var points) && points.GetArrayLength() == 4,
            "the stored track (written within a flush interval)",
            read => read.ToString());
        Assert.Equal(
            [start.AddSeconds(60), start.AddSeconds(90), start.AddSeconds(120), start.AddSeconds(150)],
            track.GetProperty("points").EnumerateArray().Select(point => point.GetProperty("takenAt").GetDateTimeOffset()));
        Assert.False(track.GetProperty("truncated").GetBoolean());

        await worker.GetAsync($"api/positions/workers/{user}/track?{window}").Expect(HttpStatusCode.OK);
        using var otherWorker = node.Client(Role.GridWorker, DemoAreas.LiveStreet, user: other);
        await otherWorker.GetAsync($"api/positions/workers/{user}/track?{window}").Expect(HttpStatusCode.Forbidden);
        using var intake = node.Client(Role.Intake, DemoAreas.District);
        await intake.GetAsync($"api/positions/workers/{user}/track?{window}").Expect(HttpStatusCode.Forbidden);
        using var outOfScope = node.Client(Role.Dispatcher, DemoAreas.OtherLiveStreet);
        await outOfScope.GetAsync($"api/positions/workers/{user}/track?{window}").Expect(HttpStatusCode.Forbidden);

        var backwards = await dispatcher.GetAsync($"api/positions/workers/{user}/track?from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}").Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["to"], backwards.ErrorFields());
        var missing = await dispatcher.GetAsync($"api/positions/workers/{user}/track").Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["from", "to"], missing.ErrorFields().Order());
        await dispatcher.GetAsync($"api/positions/workers/gw-nobody-{Guid.NewGuid():N}/track?{window}").Expect(HttpStatusCode.NotFound);
        await dispatcher.GetAsync($"api/positions/drones/{user}/track?{window}").Expect(HttpStatusCode.NotFound);

        using var shiftLeader = node.Client(Role.ShiftLeader, DemoAreas.District);
        var reads = (await shiftLeader.GetAsync($"api/positions/workers/{user}/track-reads").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(reads, read => read.Text("role") == "Dispatcher" && read.Text("what")!.StartsWith(start.AddSeconds(60).ToString("O")[..19], StringComparison.Ordinal));
        Assert.Contains(reads, read => read.Text("role") == "GridWorker" && read.Text("userId") == user);
        Assert.DoesNotContain(reads, read => read.Text("role") == "Intake");
        await dispatcher.GetAsync($"api/positions/workers/{user}/track-reads").Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AFieldTeamsMemberSendsTheTeamsPositionAndADepartmentsHandlerHasNoneToSend()
    {
        using var member = node.Client(Role.UnitHandler, DemoAreas.District, "sanitation-team");
        using var department = node.Client(Role.UnitHandler, DemoAreas.District, "law-enforcement");
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);

        await member.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 105.84, latitude = 32.43, at })).Expect(HttpStatusCode.NoContent);
        var unlocated = await department.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 105.84, latitude = 32.43 })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("field teams", unlocated.Text("detail"), StringComparison.Ordinal);

        using var leader = node.Client(Role.Leader, DemoAreas.District);
        var window = $"from={Uri.EscapeDataString(at.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(at.AddMinutes(1).ToString("O"))}";
        await Signals.Until(
            async () => await leader.GetAsync($"api/positions/teams/sanitation-team/track?{window}").Expect(HttpStatusCode.OK),
            read => read.GetProperty("points").GetArrayLength() >= 1,
            "the team's stored fix",
            read => read.ToString());
    }

    /// <summary>The track once stored (a 404 until the worker's first batch is written).</summary>
    private static async Task<JsonElement> StoredTrack(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? HttpExpectations.Parse(await response.Content.ReadAsStringAsync()) : default;
    }

    private static List<(TimeSpan At, JsonElement Update)> Snapshot(List<(TimeSpan At, JsonElement Update)> positions)
    {
        lock (positions)
        {
            return [.. positions];
        }
    }
}
