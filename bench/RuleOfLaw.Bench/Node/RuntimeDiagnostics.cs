using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Bench.Load;

namespace RuleOfLaw.Bench.Node;

/// <summary>One node's <c>GET /api/diagnostics/runtime</c> answer.</summary>
/// <param name="Activations">Grain activations of the whole cluster, by grain type.</param>
/// <param name="LocalActivations">Those this node holds; null from nodes older than that field, which ran alone.</param>
public sealed record RuntimeSnapshot(
    int ProcessId,
    int ProcessorCount,
    double CpuTimeMilliseconds,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcTotalAllocatedBytes,
    int Gen2Collections,
    IReadOnlyDictionary<string, int> Activations,
    IReadOnlyDictionary<string, int>? LocalActivations = null,
    long? PositionsAccepted = null,
    long? PositionsWritten = null)
{
    /// <summary>When the harness received it (monotonic clock), to turn CPU time into a share of wall time.</summary>
    public long TakenAt { get; init; }

    /// <summary>Incident grains resident on this node: activations of every grain type whose name holds "IncidentGrain".</summary>
    public int IncidentActivations => (LocalActivations ?? Activations)
        .Where(pair => pair.Key.Contains("IncidentGrain", StringComparison.Ordinal))
        .Sum(pair => pair.Value);
}

/// <summary>The CPU one node used between two snapshots, as a percentage of all the machine's cores.</summary>
public sealed record NodeCpu(string Node, int ProcessId, double Percent);

/// <summary>
/// Every node's snapshot, taken together, in the order of the nodes. Figures of the cluster are
/// sums over its nodes: each process has its own CPU, memory and heap, each node counts the
/// positions its own hub accepted, and each holds its own share of the incident grains.
/// </summary>
public sealed record ClusterSnapshot(IReadOnlyList<RuntimeSnapshot> Nodes)
{
    public long WorkingSetBytes => Nodes.Sum(node => node.WorkingSetBytes);

    public long GcHeapBytes => Nodes.Sum(node => node.GcHeapBytes);

    public int Gen2Collections => Nodes.Sum(node => node.Gen2Collections);

    public int IncidentActivations => Nodes.Sum(node => node.IncidentActivations);

    /// <summary>Position updates the nodes accepted per second between two snapshots; null when a node does not count them.</summary>
    public static double? PositionsPerSecond(ClusterSnapshot before, ClusterSnapshot after) =>
        PerSecond(before, after, node => node.PositionsAccepted);

    /// <summary>Position updates the nodes' position writers stored per second between two snapshots (durable, in batches).</summary>
    public static double? PositionsWrittenPerSecond(ClusterSnapshot before, ClusterSnapshot after) =>
        PerSecond(before, after, node => node.PositionsWritten);

    private static double? PerSecond(ClusterSnapshot before, ClusterSnapshot after, Func<RuntimeSnapshot, long?> count)
    {
        double total = 0;
        foreach (var (first, last) in before.Nodes.Zip(after.Nodes))
        {
            var wall = Stopwatch.GetElapsedTime(first.TakenAt, last.TakenAt).TotalSeconds;
            if (count(first) is not { } from || count(last) is not { } to || wall <= 0)
            {
                return null;
            }

            total += (to - from) / wall;
        }

        return total;
    }

    /// <summary>Each node's CPU between two snapshots; null when a node is not the same process at both ends (restarted).</summary>
    public static IReadOnlyList<NodeCpu>? Cpu(ClusterSnapshot before, ClusterSnapshot after)
    {
        var nodes = new List<NodeCpu>();
        foreach (var (index, (first, last)) in before.Nodes.Zip(after.Nodes).Index())
        {
            var wall = Stopwatch.GetElapsedTime(first.TakenAt, last.TakenAt).TotalMilliseconds;
            if (first.ProcessId != last.ProcessId || wall <= 0)
            {
                return null;
            }

            var percent = 100.0 * (last.CpuTimeMilliseconds - first.CpuTimeMilliseconds) / (wall * Math.Max(1, last.ProcessorCount));
            nodes.Add(new NodeCpu($"node {index + 1}", last.ProcessId, percent));
        }

        return nodes;
    }
}

/// <summary>
/// Reads every node's runtime figures as an administrator, asking each node itself. The endpoint
/// exists only when a node runs with <c>--Diagnostics:Enabled true</c>; a 404 means disabled and
/// every figure from it is reported as not available, never guessed. A cluster snapshot with a
/// node missing is no snapshot: a sum without one node would understate every figure.
/// </summary>
public sealed class RuntimeDiagnostics(BenchHttp http)
{
    public bool Available { get; private set; } = true;

    public string? Problem { get; private set; }

    /// <param name="collect">Ask each node for a full blocking GC first, so its heap holds only what is reachable.</param>
    public async Task<ClusterSnapshot?> Take(bool collect, CancellationToken cancellation)
    {
        if (!Available)
        {
            return null;
        }

        var nodes = await Task.WhenAll(Enumerable.Range(0, http.Nodes).Select(node => TakeOne(node, collect, cancellation)));
        return nodes.All(node => node is not null) ? new ClusterSnapshot(nodes!) : null;
    }

    private async Task<RuntimeSnapshot?> TakeOne(int node, bool collect, CancellationToken cancellation)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using var response = await http.Send(node, HttpMethod.Get, collect ? "api/diagnostics/runtime?collect=true" : "api/diagnostics/runtime", ActorIdentity.Administrator, null, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Available = false;
                Problem = "diagnostics disabled";
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                Problem = $"diagnostics of node {node + 1} answered {(int)response.StatusCode}";
                return null;
            }

            var snapshot = await response.Content.ReadFromJsonAsync<RuntimeSnapshot>(BenchHttp.Json, timeout.Token);
            return snapshot is null ? null : snapshot with { TakenAt = Stopwatch.GetTimestamp() };
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            Problem = $"diagnostics of node {node + 1} failed: {exception.GetType().Name}";
            return null;
        }
    }
}
