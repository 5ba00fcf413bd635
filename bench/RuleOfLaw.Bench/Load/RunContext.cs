using System.Collections.Concurrent;
using RuleOfLaw.Bench.District;
using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Options;

namespace RuleOfLaw.Bench.Load;

/// <summary>A simulated grid worker: an identity in one grid.</summary>
public sealed record Worker(int Number, ActorIdentity Identity, BenchGrid Grid);

/// <summary>
/// What every load of the run shares: the options, the map, the connection pools, the nodes'
/// hubs, the workers, the ids this run created (dashboards ignore other cases), the ids the node
/// acknowledged (read back at the end) and the errors.
/// </summary>
public sealed class RunContext(BenchOptions options, DistrictMap map, BenchHttp http, IReadOnlyList<Uri> hubUrls)
{
    public BenchOptions Options { get; } = options;

    public DistrictMap Map { get; } = map;

    public BenchHttp Http { get; } = http;

    /// <summary>The hub of the node that SignalR client number <paramref name="client"/> connects to (<c>client mod N</c>), as a load balancer would spread them.</summary>
    public Uri HubUrl(int client) => hubUrls[client % hubUrls.Count];

    public IReadOnlyList<Worker> Workers { get; } = Enumerable.Range(0, options.Workers)
        .Select(n =>
        {
            var grid = map.Grids[n % map.Grids.Count];
            return new Worker(n, new ActorIdentity($"gw-bench-{n:D5}", "GridWorker", grid.Code), grid);
        })
        .ToList();

    /// <summary>Every incident id this run sent, acknowledged or not.</summary>
    public ConcurrentDictionary<Guid, byte> Created { get; } = new();

    /// <summary>Every incident id the node acknowledged (201 or a replayed 200).</summary>
    public ConcurrentQueue<Guid> Acknowledged { get; } = new();

    /// <summary>Errors outside any measured step (connecting, read-back, memory probe).</summary>
    public ErrorCounter Errors { get; } = new();
}
