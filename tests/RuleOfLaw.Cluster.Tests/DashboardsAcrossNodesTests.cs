using System.Diagnostics;
using RuleOfLaw.Cluster.Tests.Infrastructure;
using RuleOfLaw.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Cluster.Tests;

/// <summary>
/// Dashboards see the whole cluster: a change made through any node reaches the dashboards
/// connected to every node (each node's notifier sends to every node's relay), including a node
/// that joined after the others.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class DashboardsAcrossNodesTests(ProductionCluster cluster, ITestOutputHelper output)
{
    /// <summary>A node that joins late delivers other nodes' changes to its dashboards within this of serving.</summary>
    private static readonly TimeSpan LateJoinerLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ADashboardOnAnyNodeReceivesTheChangesMadeThroughEveryOtherNode()
    {
        await cluster.Healthy();
        var clock = Stopwatch.StartNew();
        var area = await Places.Community(cluster.Nodes[0], Places.Dashboards);
        var points = await Places.Points(cluster.Nodes[0], area);
        var dashboards = await Task.WhenAll(cluster.Nodes.Select(node => Dashboard.Connect(node, area, clock)));
        try
        {
            await using var load = new GridLoad(cluster.Nodes, points, clock, new LoadShape { Reporters = 0, Operators = 0 });
            var latencies = new List<string>();
            foreach (var via in cluster.Nodes)
            {
                var reported = await load.ReportVia(via, maxAttempts: 1)
                    ?? throw new InvalidOperationException($"The report through {via} was not acknowledged: {load.Ledger.Attempts[^1]}");
                var acknowledgedAt = clock.Elapsed;
                foreach (var dashboard in dashboards)
                {
                    await dashboard.Arrival(reported.Id, 1).Within($"the report {reported.Id} made through {via} to reach the dashboard on {dashboard.Node}");
                    var arrived = dashboard.Received.First(delta => delta.IncidentId == reported.Id).At;
                    latencies.Add($"{via}→{dashboard.Node} {(arrived - acknowledgedAt).TotalMilliseconds:0} ms");
                }
            }

            output.WriteLine($"delta latency from the acknowledgement to each dashboard: {string.Join(", ", latencies)}");
        }
        finally
        {
            foreach (var dashboard in dashboards)
            {
                await dashboard.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A fourth node joins a cluster whose nodes have all been publishing. Cases reported before it
    /// joined live on the first three nodes, so their changes are published by those nodes'
    /// notifiers, from relay lists fetched before the fourth node existed. As soon as the node serves
    /// (/health answers 200) a dashboard connects to it, and every 200 ms one of those cases takes
    /// its next step through one of the first three nodes, in turn. The figure is the time from the
    /// node serving until the first of those changes reaches its dashboard; every later one must
    /// reach it too.
    /// </summary>
    [Fact]
    public async Task ANodeThatJoinsLateDeliversChangesMadeOnTheOtherNodesToItsDashboardsWithinSeconds()
    {
        await cluster.Healthy();
        var clock = Stopwatch.StartNew();
        var area = await Places.Community(cluster.Nodes[0], Places.Dashboards);
        var points = await Places.Points(cluster.Nodes[0], area);
        await using var load = new GridLoad(cluster.Nodes, points, clock, new LoadShape { Reporters = 0, Operators = 0 });
        var cases = new List<CaseLedger>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add(await load.ReportVia(cluster.Nodes[i % cluster.Nodes.Count], maxAttempts: 3)
                ?? throw new InvalidOperationException($"A report before the join was not acknowledged: {load.Ledger.Attempts[^1]}"));
        }

        var late = await cluster.AddNode();
        var serving = clock.Elapsed;
        try
        {
            await using var dashboard = await Dashboard.Connect(late, area, clock);
            var subscribed = clock.Elapsed;
            var changes = new List<(string Id, int Version)>();
            bool Delivered((string Id, int Version) change) => dashboard.Held.TryGetValue(change.Id, out var held) && held.Version >= change.Version;
            for (var round = 0; changes.FindIndex(Delivered) is var first && (first < 0 || changes.Count - first < 6); round++)
            {
                Assert.True(clock.Elapsed - serving < LateJoinerLimit * 2, $"No change made on the other nodes reached {late}'s dashboard within {(LateJoinerLimit * 2).TotalSeconds:0} s of it serving.");
                var item = cases[round % cases.Count];
                if (await load.NextStepVia(item, cluster.Nodes[round % cluster.Nodes.Count], maxAttempts: 3))
                {
                    changes.Add((item.Id, item.Version));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            // Once delivery has begun, nothing is missed: every later change arrives too.
            var firstDelivered = changes.FindIndex(Delivered);
            foreach (var (id, version) in changes.Skip(firstDelivered))
            {
                await dashboard.Arrival(id, version).Within($"{id} at version {version} to reach {late}'s dashboard");
            }

            var (firstId, firstVersion) = changes[firstDelivered];
            var delivery = dashboard.Received.First(delta => delta.IncidentId == firstId && delta.Version >= firstVersion).At - serving;
            output.WriteLine($"{late} served {serving.TotalSeconds:0.00} s after its start command; its dashboard subscribed {(subscribed - serving).TotalSeconds:0.00} s later; "
                + $"the first change made on another node arrived {delivery.TotalSeconds:0.00} s after it served ({firstDelivered} changes before it were not delivered, {changes.Count - firstDelivered} after it all were)");
            Assert.True(delivery <= LateJoinerLimit, $"{late} delivered the other nodes' changes only {delivery.TotalSeconds:0.00} s after it served.");
        }
        finally
        {
            await late.Stop();
        }
    }
}
