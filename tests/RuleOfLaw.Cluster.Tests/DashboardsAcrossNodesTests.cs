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
    /// A fourth node joins the running cluster. As soon as it serves (/health answers 200) a
    /// dashboard connects to it, and the original nodes take a report every 200 ms, in turn. The
    /// figure is the time from the node serving until the first of those changes reaches its
    /// dashboard; every later one must reach it too.
    /// </summary>
    [Fact]
    public async Task ANodeThatJoinsLateDeliversChangesMadeOnTheOtherNodesToItsDashboardsWithinSeconds()
    {
        await cluster.Healthy();
        var clock = Stopwatch.StartNew();
        var area = await Places.Community(cluster.Nodes[0], Places.Dashboards);
        var points = await Places.Points(cluster.Nodes[0], area);
        await using var load = new GridLoad(cluster.Nodes, points, clock, new LoadShape { Reporters = 0, Operators = 0 });

        var late = await cluster.AddNode();
        var serving = clock.Elapsed;
        try
        {
            await using var dashboard = await Dashboard.Connect(late, area, clock);
            var subscribed = clock.Elapsed;
            var markers = new List<string>();
            TimeSpan? firstArrival = null;
            for (var round = 0; firstArrival is null || markers.Count(id => dashboard.Held.ContainsKey(id)) < 5; round++)
            {
                Assert.True(clock.Elapsed - serving < ProductionCluster.SettleTimeout, $"No change made on the other nodes reached {late}'s dashboard within {ProductionCluster.SettleTimeout.TotalSeconds:0} s.");
                if (await load.ReportVia(cluster.Nodes[round % cluster.Nodes.Count], maxAttempts: 3) is { } marker)
                {
                    markers.Add(marker.Id);
                }

                firstArrival ??= dashboard.Received.Where(delta => markers.Contains(delta.IncidentId)).Select(delta => (TimeSpan?)delta.At).FirstOrDefault();
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            // Once delivery has begun, nothing is missed: every later marker arrives too.
            var first = markers.FindIndex(id => dashboard.Held.ContainsKey(id));
            foreach (var id in markers.Skip(first))
            {
                await dashboard.Arrival(id, 1).Within($"marker {id} to reach {late}'s dashboard");
            }

            var delivery = firstArrival.Value - serving;
            output.WriteLine($"{late} served {serving.TotalSeconds:0.00} s after its start command; its dashboard subscribed {(subscribed - serving).TotalSeconds:0.00} s later; "
                + $"the first change made on another node arrived {delivery.TotalSeconds:0.00} s after it served ({first} of {markers.Count} markers before it were not delivered)");
            Assert.True(delivery <= LateJoinerLimit, $"{late} delivered the other nodes' changes only {delivery.TotalSeconds:0.00} s after it served.");
        }
        finally
        {
            await late.Stop();
        }
    }
}
