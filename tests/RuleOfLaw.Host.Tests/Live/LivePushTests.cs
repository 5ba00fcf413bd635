using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Live;

/// <summary>
/// Dashboards over the real SignalR .NET client (WebSockets): a snapshot on subscribing, then
/// deltas for exactly the subscribed scope. The test that proves an absence watches a community
/// no other test touches; the others pick their delta by id and version, so a late delta of an
/// earlier test cannot mislead them.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class LivePushTests(SharedNode node) : IAsyncLifetime
{
    private IReadOnlyList<string> _communities = null!;

    public async Task InitializeAsync()
    {
        _communities = (await node.GridsOf(DemoAreas.LiveStreet)).Select(grid => grid[..12]).Distinct().ToList();
        Assert.True(_communities.Count >= 3, $"Street {DemoAreas.LiveStreet} has {_communities.Count} communities; these tests need three.");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ASubscribedCommunityGetsASnapshotThenEachChangeOfItsCasesAsAVersionedDelta()
    {
        var community = _communities[0];
        using var crew = await Crew.In(node, community);
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);

        var snapshot = await dashboard.SubscribeArea(community);
        Assert.Equal($"area:{community}", snapshot.Text("topic"));
        Assert.Equal(JsonValueKind.Array, snapshot.GetProperty("incidents").ValueKind);
        Assert.Equal(JsonValueKind.Array, snapshot.GetProperty("counters").GetProperty("rows").ValueKind);

        var id = (await crew.Report()).Text("id");
        var reported = Delta(await dashboard.BatchWith(id, 1), id);
        Assert.Equal("Reported", reported.GetProperty("summary").Text("state"));
        Assert.Equal(crew.Grid, reported.GetProperty("summary").Text("gridCode"));

        await Crew.Step(crew.Intake, id, "forward");
        var forwarded = Delta(await dashboard.BatchWith(id, 2), id);
        Assert.Equal("PendingRegistration", forwarded.GetProperty("summary").Text("state"));
        Assert.Equal(2, forwarded.GetProperty("summary").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task AReportInAnotherStreetReachesNoSubscriberOfThisCommunity()
    {
        var community = _communities[1];
        using var inside = await Crew.In(node, community);
        using var outside = await Crew.In(node, DemoAreas.OtherLiveStreet);
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        await dashboard.SubscribeArea(community);
        var watched = (await inside.Report()).Text("id");
        await dashboard.BatchWith(watched, 1);

        var elsewhere = (await outside.Report()).Text("id");
        await Crew.Step(inside.Intake, watched, "forward");

        // Deltas leave the node in the order they were published, so had the other street's
        // report been pushed here it would come before, or with, this change.
        var first = await dashboard.NextBatch($"the delta of {watched} at version 2");
        Assert.Equal([(watched, 2)], first.Select(LiveClient.Key));
        Assert.DoesNotContain(elsewhere, first.Select(delta => delta.Text("incidentId")));
    }

    [Fact]
    public async Task ASubscriptionToOneIncidentReceivesOnlyThatIncidentsDeltas()
    {
        using var crew = await Crew.In(node, _communities[2]);
        var watched = (await crew.Report()).Text("id");
        var neighbour = (await crew.Report()).Text("id");
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);

        var snapshot = await dashboard.SubscribeIncident(watched);
        Assert.Equal($"incident:{watched}", snapshot.Text("topic"));
        var held = Assert.Single(snapshot.GetProperty("incidents").EnumerateArray());
        Assert.Equal((watched, 1), (held.Text("id"), held.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("counters").ValueKind);

        await Crew.Step(crew.Intake, neighbour, "forward");
        await Crew.Step(crew.Intake, watched, "forward");

        // The report's own delta may still be on its way when the subscription starts; the
        // neighbour's change was published before the watched one, so it would show up here.
        var received = await dashboard.DeltasUntil(watched, 2);
        Assert.All(received, delta => Assert.Equal(watched, delta.Text("incidentId")));
        Assert.Equal((watched, 2), LiveClient.Key(received[^1]));
    }

    [Fact]
    public async Task ReconnectingAndSubscribingAgainReturnsAFreshSnapshotWithTheCaseInItsCurrentVersion()
    {
        var community = _communities[2];
        using var crew = await Crew.In(node, community);
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        await dashboard.SubscribeArea(community);
        var id = (await crew.Report()).Text("id");
        await dashboard.BatchWith(id, 1);

        await dashboard.Connection.StopAsync().WaitAsync(Signals.Timeout);
        await Crew.Step(crew.Intake, id, "forward");
        await Crew.Step(crew.ShiftLeader, id, "register");
        await dashboard.Connection.StartAsync().WaitAsync(Signals.Timeout);
        var snapshot = await dashboard.SubscribeArea(community);

        var current = Assert.Single(snapshot.GetProperty("incidents").EnumerateArray(), summary => summary.Text("id") == id);
        Assert.Equal(3, current.GetProperty("version").GetInt32());
        Assert.Equal("Registered", current.Text("state"));
        await Crew.Step(crew.Dispatcher, id, "dispatch");
        var dispatched = Delta(await dashboard.BatchWith(id, 4), id);
        Assert.Equal("Dispatched", dispatched.GetProperty("summary").Text("state"));
    }

    [Theory]
    [InlineData("510802099", "'510802099' is not an area of the district.")]
    [InlineData("not-an-area", "'not-an-area' is not an area of the district.")]
    public async Task SubscribingToAnAreaThatDoesNotExistFailsWithAHubException(string area, string message)
    {
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);

        var refused = await Assert.ThrowsAsync<HubException>(() => dashboard.SubscribeArea(area));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribingToAnUnknownIncidentFailsWithAHubException()
    {
        var id = Crew.NewId();
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);

        var refused = await Assert.ThrowsAsync<HubException>(() => dashboard.SubscribeIncident(id));

        Assert.Contains($"No case with id {id}.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGridWorkerCannotWatchAnAreaOutsideTheirJurisdiction()
    {
        var grid = (await node.GridsOf(_communities[0]))[0];
        await using var dashboard = await LiveClient.Connect(node, Role.GridWorker, grid);

        var refused = await Assert.ThrowsAsync<HubException>(() => dashboard.SubscribeArea(DemoAreas.OtherLiveStreet));

        Assert.Contains($"Forbidden: {DemoAreas.OtherLiveStreet} is outside your jurisdiction ({grid}).", refused.Message, StringComparison.Ordinal);
        var own = await dashboard.SubscribeArea(grid);
        Assert.Equal($"grid:{grid}", own.Text("topic"));
    }

    [Fact]
    public async Task ABrowserMayNameTheActorInTheQueryStringOfTheHub()
    {
        var url = new Uri(node.BaseAddress, $"hubs/live?actor-user=browser&actor-role=Leader&actor-area={DemoAreas.District}");
        await using var connection = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets).Build();
        await connection.StartAsync().WaitAsync(Signals.Timeout);

        var snapshot = await connection.InvokeAsync<JsonElement>("SubscribeArea", DemoAreas.LiveStreet).Within("SubscribeArea over a query-string actor");

        Assert.Equal($"area:{DemoAreas.LiveStreet}", snapshot.Text("topic"));
    }

    private static JsonElement Delta(IReadOnlyList<JsonElement> batch, string id) =>
        Assert.Single(batch, delta => delta.Text("incidentId") == id);
}
