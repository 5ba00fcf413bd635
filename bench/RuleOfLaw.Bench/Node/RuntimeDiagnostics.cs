using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Bench.Load;

namespace RuleOfLaw.Bench.Node;

/// <summary>The node's <c>GET /api/diagnostics/runtime</c> answer.</summary>
public sealed record RuntimeSnapshot(
    int ProcessId,
    int ProcessorCount,
    double CpuTimeMilliseconds,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcTotalAllocatedBytes,
    int Gen2Collections,
    IReadOnlyDictionary<string, int> Activations,
    long? PositionsAccepted = null)
{
    /// <summary>When the harness received it (monotonic clock), to turn CPU time into a share of wall time.</summary>
    public long TakenAt { get; init; }

    /// <summary>Resident incident grains: activations of every grain type whose name holds "IncidentGrain".</summary>
    public int IncidentActivations => Activations
        .Where(pair => pair.Key.Contains("IncidentGrain", StringComparison.Ordinal))
        .Sum(pair => pair.Value);

    /// <summary>Position updates the node accepted per second between two snapshots; null when the node does not count them.</summary>
    public static double? PositionsPerSecond(RuntimeSnapshot before, RuntimeSnapshot after)
    {
        var wall = Stopwatch.GetElapsedTime(before.TakenAt, after.TakenAt).TotalSeconds;
        return before.PositionsAccepted is { } first && after.PositionsAccepted is { } last && wall > 0 ? (last - first) / wall : null;
    }

    /// <summary>The node's CPU over the interval between two snapshots, as a percentage of all its cores.</summary>
    public static double CpuPercent(RuntimeSnapshot before, RuntimeSnapshot after)
    {
        var wall = Stopwatch.GetElapsedTime(before.TakenAt, after.TakenAt).TotalMilliseconds;
        return wall > 0 ? 100.0 * (after.CpuTimeMilliseconds - before.CpuTimeMilliseconds) / (wall * Math.Max(1, after.ProcessorCount)) : double.NaN;
    }
}

/// <summary>
/// Reads the node's runtime figures as an administrator. The endpoint exists only when the node
/// runs with <c>--Diagnostics:Enabled true</c>; a 404 means disabled and every figure from it
/// is reported as not available, never guessed.
/// </summary>
public sealed class RuntimeDiagnostics(BenchHttp http)
{
    public bool Available { get; private set; } = true;

    public string? Problem { get; private set; }

    /// <param name="collect">Ask the node for a full blocking GC first, so the heap holds only what is reachable.</param>
    public async Task<RuntimeSnapshot?> Take(bool collect, CancellationToken cancellation)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using var response = await http.Send(HttpMethod.Get, collect ? "api/diagnostics/runtime?collect=true" : "api/diagnostics/runtime", ActorIdentity.Administrator, null, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Available = false;
                Problem = "diagnostics disabled";
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                Problem = $"diagnostics answered {(int)response.StatusCode}";
                return null;
            }

            var snapshot = await response.Content.ReadFromJsonAsync<RuntimeSnapshot>(BenchHttp.Json, timeout.Token);
            return snapshot is null ? null : snapshot with { TakenAt = Stopwatch.GetTimestamp() };
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            Problem = $"diagnostics failed: {exception.GetType().Name}";
            return null;
        }
    }
}
