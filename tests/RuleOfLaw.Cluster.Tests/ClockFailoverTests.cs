using System.Net;
using System.Text.Json;
using RuleOfLaw.Cluster.Tests.Infrastructure;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Cluster.Tests;

/// <summary>
/// A clock outlives the node that held its case: a leader's order falls due for its reply while
/// the node the case lived on is dead (kill -9), and the case still turns red and escalates, on a
/// survivor, within a minute of the due time, because its reminder is durable and only wakes it.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class ClockFailoverTests(ProductionCluster cluster, ITestOutputHelper output)
{
    /// <summary>issue 6 §2: colour changes and deadlines fire within this of their due time.</summary>
    private static readonly TimeSpan FireLimit = TimeSpan.FromSeconds(60);

    /// <summary>Far enough ahead to find and kill the holder first.</summary>
    private static readonly TimeSpan ReplyIn = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task AReplyDueWhileTheNodeHoldingTheCaseIsDeadStillTurnsRedAndEscalatesOnASurvivor()
    {
        await cluster.Healthy();
        var entry = cluster.Nodes[0];
        using var crew = await Crew.In(entry, await Places.Community(entry, Places.Clocks));
        var before = await Activations();
        var id = (await crew.InProgress()).Text("id");
        var replyBy = DateTimeOffset.UtcNow + ReplyIn;
        await Crew.Step(crew.Leader, id, "issue-supervision", new { instruction = "请于今日回复 failover", replyBy });

        // The node whose incident activations grew by this case holds it.
        var after = await Activations();
        var holder = Assert.Single(cluster.Nodes, node => after[node] > before[node]);
        await holder.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        Assert.True(killedAt < replyBy - TimeSpan.FromSeconds(3), $"The holder was killed at {killedAt:O}, too close to the reply date {replyBy:O}.");
        var survivors = cluster.Nodes.Where(node => node.IsRunning).ToList();

        var history = await Signals.Until(
            () => History(survivors, id),
            events => events.Any(e => e.Text("command") == "Escalate"),
            $"case {id} held by the killed {holder} to escalate its overdue reply on a survivor",
            events => $"{events.Count} events: {string.Join(", ", events.Select(e => e.Text("command")))}",
            replyBy - DateTimeOffset.UtcNow + FireLimit + TimeSpan.FromSeconds(10));

        var red = history.Single(e => e.Text("command") == "ClockTurned" && e.GetProperty("facts").Text("colour") == "Red");
        var escalated = history.Single(e => e.Text("command") == "Escalate");
        Assert.Equal(("SupervisionReply", "order-6", 1), (escalated.GetProperty("facts").Text("clock"), escalated.GetProperty("facts").Text("key"), escalated.GetProperty("facts").GetProperty("level").GetInt32()));
        var firedAt = escalated.GetProperty("at").GetDateTimeOffset();
        output.WriteLine($"held by {holder}, killed {(replyBy - killedAt).TotalSeconds:0.0} s before the reply date; red and rung 1 appended {(firedAt - replyBy).TotalSeconds:0.00} s after it");
        Assert.Equal(firedAt, red.GetProperty("at").GetDateTimeOffset());
        Assert.InRange(firedAt - replyBy, TimeSpan.FromMilliseconds(-50), FireLimit);
    }

    private async Task<Dictionary<ClusterNode, int>> Activations()
    {
        var counts = new Dictionary<ClusterNode, int>();
        foreach (var node in cluster.Nodes)
        {
            counts[node] = await node.LocalActivations("IncidentGrain");
        }

        return counts;
    }

    private static async Task<List<JsonElement>> History(IReadOnlyList<ClusterNode> survivors, string id)
    {
        foreach (var node in survivors)
        {
            try
            {
                using var leader = node.Client(Role.Leader);
                leader.Timeout = TimeSpan.FromSeconds(5);
                using var response = await leader.GetAsync($"api/incidents/{id}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return HttpExpectations.Parse(await response.Content.ReadAsStringAsync()).GetProperty("history").EnumerateArray().ToList();
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }
        }

        return [];
    }
}
