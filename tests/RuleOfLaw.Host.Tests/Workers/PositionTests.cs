using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Workers;

/// <summary>Grid workers report where they are, over the hub or over HTTP; a benchmark reads the node's figures.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class PositionTests(SharedNode node)
{
    [Fact]
    public async Task AGridWorkersPositionsAreAcceptedOverHttpAndOverTheHub()
    {
        var before = await PositionsAccepted();
        using var worker = node.Client(Role.GridWorker, DemoAreas.LiveStreet, user: $"gw-{Guid.NewGuid():N}");
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet);

        await worker.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 105.84, latitude = 32.43, accuracyMetres = 8.5 }))
            .Expect(HttpStatusCode.NoContent);
        await phone.Connection.InvokeAsync("UpdatePosition", new { longitude = 105.85, latitude = 32.44 }).Within("UpdatePosition to complete");

        Assert.Equal(before + 2, await PositionsAccepted());
    }

    [Fact]
    public async Task APositionOutOfRangeIsRefusedNamingTheField()
    {
        using var worker = node.Client(Role.GridWorker, DemoAreas.LiveStreet);
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet);

        var problem = await worker.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 200, latitude = 32.43 })).Expect(HttpStatusCode.BadRequest);
        var refused = await Assert.ThrowsAsync<HubException>(() => phone.Connection.InvokeAsync("UpdatePosition", new { longitude = 105.84, latitude = -91 }));

        Assert.Equal(["longitude"], problem.ErrorFields());
        Assert.Contains("Latitude must be a number from -90 to 90.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APhoneSendsWhatItGatheredInOneMessageAndAllOrNoneIsTaken()
    {
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var gathered = Enumerable.Range(0, 12)
            .Select(n => new { longitude = 105.84 + (n * 0.0001), latitude = 32.43, accuracyMetres = 6.0, at = start.AddSeconds(5 * n) })
            .ToArray();

        var before = await PositionsAccepted();
        await phone.Connection.InvokeAsync("UpdatePositions", gathered).Within("UpdatePositions to complete");
        Assert.Equal(before + 12, await PositionsAccepted());

        object[] oneBad = [gathered[0], new { longitude = 105.84, latitude = 95.0 }, gathered[2]];
        var refused = await Assert.ThrowsAsync<HubException>(() => phone.Connection.InvokeAsync("UpdatePositions", oneBad));
        Assert.Contains("Position 2: Latitude must be a number from -90 to 90.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before + 12, await PositionsAccepted());
    }

    /// <summary>A track recorded while offline can be uploaded over HTTP too: all of it or, with one bad fix, none, naming the fix.</summary>
    [Fact]
    public async Task ATrackRecordedOfflineIsUploadedOverHttpInOneRequestAllOrNone()
    {
        var user = $"gw-{Guid.NewGuid():N}";
        using var worker = node.Client(Role.GridWorker, DemoAreas.LiveStreet, user: user);
        using var dispatcher = node.Client(Role.Dispatcher);
        var start = DateTimeOffset.UtcNow.AddMinutes(-20);
        var recorded = Enumerable.Range(0, 40)
            .Select(n => new { longitude = 105.84 + (n * 0.0001), latitude = 32.43, accuracyMetres = 12.0, at = start.AddSeconds(15 * n) })
            .ToArray();

        object[] oneBad = [recorded[0], recorded[1], new { longitude = 105.84, latitude = (double?)null }];
        var problem = await worker.PostAsync("api/positions/batch", HttpExpectations.Json(new { positions = oneBad })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["positions[2].latitude"], problem.ErrorFields());

        foreach (var count in new[] { 0, 501 })
        {
            var refused = await worker.PostAsync("api/positions/batch", HttpExpectations.Json(new { positions = Enumerable.Repeat(recorded[0], count) })).Expect(HttpStatusCode.BadRequest);
            Assert.Equal(["positions"], refused.ErrorFields());
        }

        var before = await PositionsAccepted();
        await worker.PostAsync("api/positions/batch", HttpExpectations.Json(new { positions = recorded })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(before + 40, await PositionsAccepted());

        // Durable with the next flush, and read back in the order taken (nothing of the refused request).
        var window = $"from={Uri.EscapeDataString(start.AddSeconds(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(11).ToString("O"))}";
        var track = await Signals.Until(
            async () =>
            {
                // 404 (no track) until the writer's next flush.
                using var response = await dispatcher.GetAsync($"api/positions/workers/{user}/track?{window}");
                return response.StatusCode == HttpStatusCode.OK ? HttpExpectations.Parse(await response.Content.ReadAsStringAsync()) : default;
            },
            read => read.ValueKind == JsonValueKind.Object && read.GetProperty("points").GetArrayLength() == 40,
            "the uploaded track stored",
            read => read.ToString());
        var taken = track.GetProperty("points").EnumerateArray().Select(point => point.GetProperty("takenAt").GetDateTimeOffset()).ToList();
        Assert.Equal(recorded.Select(fix => fix.at), taken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task AMessageCarriesFromOneToFiveHundredPositions(int count)
    {
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, DemoAreas.LiveStreet);
        var fixes = Enumerable.Repeat(new { longitude = 105.84, latitude = 32.43 }, count).ToArray();

        var refused = await Assert.ThrowsAsync<HubException>(() => phone.Connection.InvokeAsync("UpdatePositions", fixes));

        Assert.Contains("Send from 1 to 500 positions at a time.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyGridWorkersReportPositions()
    {
        using var leader = node.Client(Role.Leader);

        await leader.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 105.84, latitude = 32.43 })).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DiagnosticsShowTheProcessAndItsGrainsToAdministratorsOnly()
    {
        using var leader = node.Client(Role.Leader);
        await leader.GetAsync("api/diagnostics/runtime").Expect(HttpStatusCode.Forbidden);

        using var administrator = node.Client(Role.Administrator);
        var runtime = await administrator.GetAsync("api/diagnostics/runtime?collect=true").Expect(HttpStatusCode.OK);

        Assert.True(runtime.GetProperty("gcHeapBytes").GetInt64() > 0);
        Assert.True(runtime.GetProperty("workingSetBytes").GetInt64() > runtime.GetProperty("gcHeapBytes").GetInt64());
        Assert.Contains(
            runtime.GetProperty("activations").EnumerateObject(),
            activation => activation.Name.Contains("CalendarGrain", StringComparison.Ordinal) && activation.Value.GetInt32() == 1);
    }

    private async Task<long> PositionsAccepted()
    {
        using var administrator = node.Client(Role.Administrator);
        var runtime = await administrator.GetAsync("api/diagnostics/runtime").Expect(HttpStatusCode.OK);
        return runtime.GetProperty("positionsAccepted").GetInt64();
    }
}
