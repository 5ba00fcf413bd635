using System.Diagnostics;
using RuleOfLaw.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Cluster.Tests;

/// <summary>
/// The database goes away for 30 s under load (<c>pg_ctl stop -m fast</c> of the cluster's own
/// server) and comes back; the nodes are not touched.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class DatabaseOutageTests(ProductionCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>"Fail fast": the longest a command may take to be refused while the database is down.</summary>
    private static readonly TimeSpan FailFastLimit = TimeSpan.FromSeconds(2);

    /// <summary>Every node acknowledges a new report again within this of the database accepting connections.</summary>
    private static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// During the outage every command attempt that starts after the server is down (the load's,
    /// and a probe report through each node every half second) must be answered, with 503 and
    /// Retry-After, within 2 s; a 2xx may only replay a report committed before (the ledger check
    /// proves it is in the database). After the restart each node must acknowledge a fresh report
    /// within 10 s (probed every 200 ms per node), with the same processes still running.
    /// </summary>
    [Fact]
    public async Task WithPostgreSqlStoppedForThirtySecondsCommandsFailFastWith503NothingUncommittedIsAcknowledgedAndServiceResumesByItself()
    {
        await cluster.Healthy();
        var starts = cluster.Nodes.Select(node => node.Starts).ToList();
        var clock = Stopwatch.StartNew();
        var area = await Places.Community(cluster.Nodes[0], Places.DatabaseOutage);
        var points = await Places.Points(cluster.Nodes[0], area);
        await using var load = new GridLoad(cluster.Nodes, points, clock);
        load.Start();
        await load.Acknowledged(30);

        await cluster.Postgres.Stop();
        var down = clock.Elapsed;
        var readinessDuringOutage = await Readiness(cluster.Nodes[0]);
        for (var round = 0; clock.Elapsed - down < Outage; round++)
        {
            await Task.WhenAll(cluster.Nodes.Select(node => load.ReportVia(node)));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var restarting = clock.Elapsed;
        await cluster.Postgres.Restart();
        var up = clock.Elapsed;
        var resumed = await Task.WhenAll(cluster.Nodes.Select(node => Resumed(load, node, clock, up)));
        await load.Acknowledged(load.Ledger.AcknowledgedReports + 30);
        await load.Stop();

        // The orchestrator's view: not ready while the database is away, ready again after.
        Assert.Equal((503, "unavailable", "ok"), readinessDuringOutage);
        Assert.Equal((200, "ok", "ok"), await Readiness(cluster.Nodes[0]));

        // Every attempt that started while the server was down and early enough to be judged (a
        // refusal must come within the limit, before the restart could answer it), answered or not.
        var during = load.Ledger.Attempts.Where(attempt => attempt.StartedAt >= down && attempt.StartedAt <= restarting - FailFastLimit).ToList();
        var refused = during.Where(attempt => attempt.Status == 503).ToList();
        var replayed = during.Where(attempt => attempt.Status is >= 200 and < 300).ToList();
        var slowest = during.Count > 0 ? during.Max(attempt => attempt.Elapsed) : TimeSpan.Zero;
        output.WriteLine($"outage: {(restarting - down).TotalSeconds:0.0} s; {during.Count} command attempts during it: {refused.Count}×503 "
            + $"({refused.Count(attempt => attempt.RetryAfter)} with Retry-After), {replayed.Count}×2xx (replays), others: "
            + string.Join(", ", during.Except(refused).Except(replayed).Select(attempt => attempt.ToString()).Take(10)));
        output.WriteLine($"503 latency during the outage: median {Percentile(refused, 0.5):0} ms, p99 {Percentile(refused, 0.99):0} ms, max {slowest.TotalMilliseconds:0} ms");
        output.WriteLine($"database accepting connections {(up - restarting).TotalSeconds:0.00} s after pg_ctl start; each node acknowledged a new report again after: "
            + string.Join(", ", resumed.Select(item => $"{item.Node} {item.After.TotalSeconds:0.00} s")));
        output.WriteLine($"load: {load.Ledger.AcknowledgedReports} reports and {load.Ledger.AcknowledgedSteps} steps acknowledged, {load.Ledger.GaveUp.Count} commands given up during the outage");

        var wrong = during.Where(attempt => attempt.Status is not 503 && !(attempt.Status is >= 200 and < 300 && attempt.Command == "Report")).ToList();
        if (wrong.Count > 0)
        {
            output.WriteLine(cluster.Tails(150));
        }

        Assert.True(refused.Count >= 3 * 10, $"Only {refused.Count} commands were refused with 503 during the outage: it was barely exercised.");
        Expect.None(wrong.Select(attempt => attempt.ToString()), "command attempts during the outage answered otherwise than 503 (or a replay's 2xx)");
        Assert.All(refused, attempt => Assert.True(attempt.RetryAfter, $"{attempt} came without Retry-After"));
        Assert.True(slowest < FailFastLimit, $"A command took {slowest.TotalMilliseconds:0} ms to fail during the outage (limit {FailFastLimit.TotalMilliseconds:0} ms).");
        Assert.All(resumed, item => Assert.True(item.After <= ResumeLimit, $"{item.Node} acknowledged a new report only {item.After.TotalSeconds:0.0} s after the database was back."));
        Expect.None(load.Ledger.Unexpected, "answers no correct node gives");
        Expect.None(await Database.ViolationsOf(cluster.Database, load.Ledger), "acknowledged cases not as acknowledged in the database");
        Assert.Equal(starts, cluster.Nodes.Select(node => node.Starts));
        Assert.All(cluster.Nodes, node => Assert.True(node.IsRunning, $"{node} is no longer running."));
    }

    /// <summary>Reports through the node every 200 ms, one attempt each, until one is acknowledged; returns how long after <paramref name="since"/>.</summary>
    private static async Task<(int Status, string? Storage, string? Cluster)> Readiness(ClusterNode node)
    {
        using var client = node.Anonymous();
        using var response = await client.GetAsync("health/ready");
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode,
            body.RootElement.GetProperty("storage").GetProperty("status").GetString(),
            body.RootElement.GetProperty("cluster").GetProperty("status").GetString());
    }

    private static async Task<(string Node, TimeSpan After)> Resumed(GridLoad load, ClusterNode node, Stopwatch clock, TimeSpan since)
    {
        while (clock.Elapsed - since < ProductionCluster.SettleTimeout)
        {
            if (await load.ReportVia(node) is not null)
            {
                return (node.Name, clock.Elapsed - since);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"{node} acknowledged no report within {ProductionCluster.SettleTimeout.TotalSeconds:0} s of the database's return.");
    }

    private static double Percentile(IReadOnlyList<Attempt> attempts, double quantile) =>
        attempts.Count == 0
            ? 0
            : attempts.Select(attempt => attempt.Elapsed.TotalMilliseconds).Order().ElementAt((int)Math.Min(attempts.Count - 1, Math.Floor(quantile * attempts.Count)));
}
