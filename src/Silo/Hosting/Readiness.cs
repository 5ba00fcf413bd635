using System.Diagnostics;
using Orleans.Runtime;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>What the readiness probe saw of the store.</summary>
public sealed record StorageHealth(string Status, double LatencyMilliseconds, string? Problem);

/// <summary>What the readiness probe saw of the cluster: this node's membership status and how many nodes are active.</summary>
public sealed record ClusterHealth(string Status, string Silo, string SiloStatus, int ActiveNodes);

/// <summary>The readiness answer: ready only when the store answers and this node is an active member.</summary>
public sealed record ReadinessReport(string Status, StorageHealth Storage, ClusterHealth Cluster);

/// <summary>
/// Readiness of a node for a load balancer or an orchestrator: a node whose database does not
/// answer, or that is not (yet, or any more) an active member of the cluster, should get no new
/// traffic, but it is alive and must not be restarted for it; liveness stays <c>/health</c>.
/// </summary>
public static class Readiness
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(2);

    public static WebApplication MapRuleOfLawReadiness(this WebApplication app)
    {
        app.MapGet("/health/ready", Check)
            .WithTags("Health")
            .AllowAnonymous()
            .WithSummary("200 when the store answers and this node is an active cluster member; 503 otherwise, saying which.");
        return app;
    }

    private static async Task<IResult> Check(IRuleOfLawStore store, IClusterMembershipService membership, ILocalSiloDetails silo, CancellationToken cancellation)
    {
        var storage = await ProbeStore(store, cancellation);
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        var cluster = new ClusterHealth(status == SiloStatus.Active ? "ok" : "unavailable", silo.SiloAddress.ToString(), status.ToString(), active);

        var ready = storage.Status == "ok" && cluster.Status == "ok";
        var report = new ReadinessReport(ready ? "ok" : "unavailable", storage, cluster);
        return TypedResults.Json(report, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>One real read through the store, bounded in time: what every command depends on.</summary>
    private static async Task<StorageHealth> ProbeStore(IRuleOfLawStore store, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            await store.ReadGrainState("health", "readiness-probe", timeout.Token);
            return new StorageHealth("ok", watch.Elapsed.TotalMilliseconds, null);
        }
        catch (StoreUnavailableException exception)
        {
            return new StorageHealth("unavailable", watch.Elapsed.TotalMilliseconds, exception.Message);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new StorageHealth("unavailable", watch.Elapsed.TotalMilliseconds, $"no answer within {StoreTimeout.TotalSeconds:0} s");
        }
    }
}
