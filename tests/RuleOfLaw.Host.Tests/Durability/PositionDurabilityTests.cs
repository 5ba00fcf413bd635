using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Host.Tests.Durability;

/// <summary>
/// Positions are durable in batches: a kill -9 loses at most the last 10 s of them, never a team's
/// status change (stored before it is acknowledged). Uses street 007's grids and the team
/// law-enforcement-team-2 of the restartable node.
/// </summary>
[Collection(RestartableNodeCollection.Name)]
public sealed class PositionDurabilityTests(RestartableNode node, ITestOutputHelper output)
{
    /// <summary>The loss a kill may cause: what was acknowledged within this before it.</summary>
    private static readonly TimeSpan MayLose = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AKillLosesAtMostTheLastTenSecondsOfPositionsAndNoStatusChange()
    {
        const string team = "law-enforcement-team-2";
        var user = $"gw-{Guid.NewGuid():N}";
        using var worker = node.Client(Role.GridWorker, "510802007", user: user);
        using var member = node.Client(Role.UnitHandler, DemoAreas.District, team);

        // Fourteen seconds of a phone reporting four times a second, each fix acknowledged.
        var clock = Stopwatch.StartNew();
        var acknowledged = new List<(DateTimeOffset TakenAt, TimeSpan At)>();
        var start = DateTimeOffset.UtcNow;
        for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(14); n++)
        {
            var takenAt = start.AddMilliseconds(250 * n);
            await worker.PostAsync("api/positions", HttpExpectations.Json(new { longitude = 105.84 + (n * 0.00001), latitude = 32.43, at = takenAt })).Expect(HttpStatusCode.NoContent);
            acknowledged.Add((takenAt, clock.Elapsed));
            await Task.Delay(250);
        }

        await member.PostAsync($"api/teams/{team}/status", HttpExpectations.Json(new { status = "Dispatched" })).Expect(HttpStatusCode.OK);
        var killedAt = clock.Elapsed;
        await node.KillAndRestart();

        using var dispatcher = node.Client(Role.Dispatcher, DemoAreas.District);
        var window = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(5).ToString("O"))}";
        var stored = (await dispatcher.GetAsync($"api/positions/workers/{user}/track?{window}").Expect(HttpStatusCode.OK))
            .GetProperty("points").EnumerateArray().Select(point => point.GetProperty("takenAt").GetDateTimeOffset()).ToHashSet();
        var lost = acknowledged.Where(fix => !stored.Contains(fix.TakenAt)).ToList();
        output.WriteLine($"{acknowledged.Count} fixes acknowledged over {killedAt.TotalSeconds:0.0} s; {lost.Count} lost with the kill, "
            + (lost.Count > 0 ? $"the oldest acknowledged {(killedAt - lost.Min(fix => fix.At)).TotalSeconds:0.00} s before it" : "none"));

        Assert.DoesNotContain(lost, fix => killedAt - fix.At > MayLose);
        Assert.Contains(acknowledged[0].TakenAt, stored);
        var status = await dispatcher.GetAsync($"api/teams/{team}").Expect(HttpStatusCode.OK);
        Assert.Equal("Dispatched", status.Text("status"));
    }
}
