using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Assessment;

/// <summary>Dashboards subscribed to an assessment scope, over the real SignalR client.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AssessmentPushTests(SharedNode node)
{
    /// <summary>The coalescing period of a scope's pushes, less timer jitter.</summary>
    private static readonly TimeSpan AtLeastApart = TimeSpan.FromMilliseconds(900);

    /// <summary>How long a dashboard waits to see that an unchanged scope stays silent.</summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task ADashboardGetsAGridsFiguresNowThenCoalescedUpdatesOnlyWhenTheyChange()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 60);
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        var snapshot = await dashboard.Connection.InvokeAsync<JsonElement>("SubscribeAreaAssessment", crew.Grid).Within("the grid's assessment snapshot");
        var before = Reported(snapshot);

        for (var i = 0; i < 4; i++)
        {
            await crew.Report();
        }

        var updates = new List<JsonElement>();
        while (updates.Count == 0 || Reported(updates[^1]) < before + 4)
        {
            var update = await dashboard.Assessments.Reader.ReadAsync().AsTask().Within($"an assessment update of grid {crew.Grid} counting {before + 4} reports");
            if (update.Text("key") == crew.Grid)
            {
                updates.Add(update);
            }
        }

        Assert.Equal($"assessment:area:{crew.Grid}", snapshot.Text("topic"));
        Assert.Equal(before + 4, Reported(updates[^1]));
        foreach (var (earlier, later) in updates.Zip(updates.Skip(1)))
        {
            Assert.True(At(later) - At(earlier) >= AtLeastApart, $"Two pushes of one scope {At(later) - At(earlier)} apart.");
        }

        using var quiet = new CancellationTokenSource(QuietFor);
        var more = await NextFor(dashboard, crew.Grid, quiet.Token);
        Assert.Null(more);
    }

    [Fact]
    public async Task RollUpsAndAPersonArePushedAsTheyChangeEachAtMostOnceASecond()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 66);
        var street = crew.Grid[..9];
        var person = ActorHeaders.DefaultUser(Role.GridWorker);
        await crew.Report(); // the grid worker's first call makes their account, which a person scope names
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        var before = new Dictionary<string, int>
        {
            [street] = Reported(await dashboard.Connection.InvokeAsync<JsonElement>("SubscribeAreaAssessment", street).Within("the street's snapshot")),
            [DemoAreas.District] = Reported(await dashboard.Connection.InvokeAsync<JsonElement>("SubscribeAreaAssessment", DemoAreas.District).Within("the district's snapshot")),
            [person] = Reported(await dashboard.Connection.InvokeAsync<JsonElement>("SubscribePersonAssessment", person).Within("the person's snapshot")),
        };
        var updates = before.Keys.ToDictionary(key => key, _ => new List<JsonElement>());

        // Two bursts, the second once the first has reached every scope, so each scope changes twice.
        foreach (var burst in new[] { 2, 4 })
        {
            for (var i = 0; i < 2; i++)
            {
                await crew.Report();
            }

            while (before.Any(scope => updates[scope.Key].Count == 0 || Reported(updates[scope.Key][^1]) < scope.Value + burst))
            {
                var update = await dashboard.Assessments.Reader.ReadAsync().AsTask().Within($"assessment updates counting {burst} more reports in the street, the district and the person");
                if (update.Text("key") is { } key && updates.TryGetValue(key, out var seen))
                {
                    seen.Add(update);
                }
            }
        }

        foreach (var (key, seen) in updates)
        {
            Assert.True(seen.Count >= 2, $"{key}: {seen.Count} push(es) for two changes apart in time");
            foreach (var (earlier, later) in seen.Zip(seen.Skip(1)))
            {
                Assert.True(At(later) - At(earlier) >= AtLeastApart, $"Two pushes of {key} {At(later) - At(earlier)} apart.");
            }
        }

        Assert.Equal(["Area", "Area", "Person"], updates.Values.Select(seen => seen[^1].Text("scope")));
    }

    [Fact]
    public async Task AUnitHandlerSubscribesToTheirOwnUnitAndNotToAnotherOrToAnArea()
    {
        await using var handler = await LiveClient.Connect(node, Role.UnitHandler, DemoAreas.District, "law-enforcement");

        var own = await handler.Connection.InvokeAsync<JsonElement>("SubscribeUnitAssessment", "law-enforcement").Within("the unit's assessment snapshot");
        var other = await Assert.ThrowsAsync<HubException>(() => handler.Connection.InvokeAsync<JsonElement>("SubscribeUnitAssessment", "housing").Within("a refusal"));
        var area = await Assert.ThrowsAsync<HubException>(() => handler.Connection.InvokeAsync<JsonElement>("SubscribeAreaAssessment", DemoAreas.District).Within("a refusal"));

        Assert.Equal("assessment:unit:law-enforcement", own.Text("topic"));
        Assert.Contains("Forbidden", other.Message, StringComparison.Ordinal);
        Assert.Contains("Forbidden", area.Message, StringComparison.Ordinal);
    }

    private static int Reported(JsonElement update) => update.GetProperty("counters").GetProperty("reported").GetInt32();

    private static DateTimeOffset At(JsonElement update) => update.GetProperty("at").GetDateTimeOffset();

    private static async Task<JsonElement?> NextFor(LiveClient client, string key, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var update = await client.Assessments.Reader.ReadAsync(cancellationToken);
                if (update.Text("key") == key)
                {
                    return update;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
