using System.Diagnostics;
using RuleOfLaw.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Cluster.Tests;

/// <summary>
/// A rolling restart, as an upgrade does it: each node in turn is stopped gracefully (SIGTERM),
/// started again, and waited for until the membership table counts it active, while grid workers
/// and operators keep sending commands through all three nodes.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class RollingRestartTests(ProductionCluster cluster, ITestOutputHelper output)
{
    /// <summary>Reports acknowledged while a node is down, and again once it is back, before the next node goes.</summary>
    private const int ReportsPerPhase = 15;

    [Fact]
    public async Task RestartingEveryNodeInTurnUnderLoadLosesNoAcknowledgedReportAndRetriesWithTheSameIdSucceed()
    {
        await cluster.Healthy();
        var clock = Stopwatch.StartNew();
        var area = await Places.Community(cluster.Nodes[0], Places.RollingRestart);
        var points = await Places.Points(cluster.Nodes[0], area);
        await using var load = new GridLoad(cluster.Nodes, points, clock);
        load.Start();
        await load.Acknowledged(ReportsPerPhase);

        var restartedAt = new Dictionary<ClusterNode, TimeSpan>();
        foreach (var node in cluster.Nodes)
        {
            var silo = await node.SiloAddress();
            var phase = Stopwatch.StartNew();
            await node.Stop();
            var stopped = phase.Elapsed;
            var declaredDead = await cluster.DeclaredDead(silo, phase);
            await load.Acknowledged(load.Ledger.AcknowledgedReports + ReportsPerPhase);

            var starting = phase.Elapsed;
            await node.Restart();
            restartedAt[node] = clock.Elapsed;
            var serving = phase.Elapsed;
            await cluster.Settled();
            var back = phase.Elapsed;
            await load.Acknowledged(load.Ledger.AcknowledgedReports + ReportsPerPhase);
            output.WriteLine($"{node}: stopped in {stopped.TotalSeconds:0.00} s (dead in the table {declaredDead.TotalSeconds:0.00} s after SIGTERM); "
                + $"restarted {(serving - starting).TotalSeconds:0.00} s after the start command, active in the table after {(back - starting).TotalSeconds:0.00} s");
        }

        await load.Stop();

        var retried = load.Ledger.Retried();
        var attempts = load.Ledger.Attempts;
        var reachedANode = retried.Count(command => attempts.Any(attempt =>
            attempt.Command == command.Command && attempt.IncidentId == command.IncidentId && attempt.Number < command.Attempts && attempt.Answered));
        output.WriteLine($"load: {load.Ledger.AcknowledgedReports} reports and {load.Ledger.AcknowledgedSteps} steps acknowledged; "
            + $"{retried.Count} commands retried with the same id ({reachedANode} of them after an answer from a node, the others after a refused connection), "
            + $"at most {(retried.Count > 0 ? retried.Max(command => command.Attempts) : 0)} attempts; {load.Ledger.GaveUp.Count} given up; "
            + $"{load.Ledger.Replays} acknowledged reports sent again with the same id and answered 200 with the stored case; attempts by answer: "
            + string.Join(", ", attempts.GroupBy(attempt => attempt.Status?.ToString() ?? "no answer").Select(group => $"{group.Key}×{group.Count()}")));

        Expect.None(load.Ledger.Unexpected, "answers no correct node gives");
        Expect.None(load.Ledger.GaveUp, "commands given up");
        Assert.NotEmpty(retried);
        Assert.True(load.Ledger.Replays > 0, "No acknowledged report was sent again with its id.");
        Expect.None(attempts.Where(attempt => attempt.Status >= 500 && attempt.Status != 503 || attempt.Status == 503 && !attempt.RetryAfter).Select(attempt => attempt.ToString()), "server errors other than 503 with Retry-After");
        Expect.None(await Database.ViolationsOf(cluster.Database, load.Ledger), "acknowledged cases not as acknowledged in the database");
        foreach (var (node, at) in restartedAt)
        {
            Assert.Contains(attempts, attempt => attempt.Node == node.Name && attempt.StartedAt > at && attempt.Status is >= 200 and < 300);
        }
    }
}
