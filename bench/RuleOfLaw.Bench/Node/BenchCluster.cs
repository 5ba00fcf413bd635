using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Bench.Results;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// The nodes a run starts and what they need: one node in embedded mode (SQLite in its own fresh
/// folder), or 1 to 5 nodes in production mode (a private PostgreSQL for storage and a private
/// Redis for membership, started for the run only), all under one new cluster id. Everything
/// started here is stopped here, by its own pid or data folder; nothing else on the machine is
/// touched.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly BenchOptions _options;
    private readonly ServiceBinaries? _binaries;
    private readonly List<NodeLauncher> _nodes = [];
    private PrivatePostgres? _postgres;
    private PrivateRedis? _redis;

    private BenchCluster(string root, BenchOptions options, ServiceBinaries? binaries)
    {
        _root = root;
        _options = options;
        _binaries = binaries;
        Store = options.Store ?? StoreKind.Sqlite;
    }

    public string ClusterId { get; } = $"bench-{Guid.NewGuid():N}";

    public StoreKind Store { get; }

    public IReadOnlyList<NodeLauncher> Nodes => _nodes;

    /// <summary>The servers started for the nodes, whose CPU the run reports beside the nodes'.</summary>
    public IReadOnlyList<ServiceProcess> Services =>
        _postgres is { } postgres && _redis is { } redis
            ? [new ServiceProcess("PostgreSQL", postgres.CpuTime), new ServiceProcess("Redis", redis.CpuTime)]
            : [];

    /// <summary>Checks, before anything is built or measured, that production mode's servers can be started.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL or Redis is not installed; the message says how to install them.</exception>
    public static async Task<BenchCluster> Prepare(string root, BenchOptions options, CancellationToken cancellation)
    {
        var binaries = options.Store == StoreKind.Postgres ? await ServiceBinaries.Locate(options.PgBin, cancellation) : null;
        return new BenchCluster(root, options, binaries);
    }

    public Task Build(CancellationToken cancellation) => NodeBuild.Run(_root, cancellation);

    /// <summary>
    /// Starts the servers, then every node at once, as an orchestrator starts a deployment (one
    /// node applies the schema under the store's lock, the others wait), and returns when each node
    /// is ready and counts all of them as active members.
    /// </summary>
    public async Task<IReadOnlyList<Uri>> Start(CancellationToken cancellation)
    {
        IReadOnlyList<string> shared = [];
        if (_binaries is not null)
        {
            // Npgsql pools up to 100 connections per node; the server must have room for all of them.
            _postgres = new PrivatePostgres(_binaries.PgBin, Math.Max(300, (100 * _options.Nodes) + 20), _options.KeepData);
            await _postgres.Start(cancellation);
            _redis = new PrivateRedis(_binaries.RedisServer);
            await _redis.Start(cancellation);
            shared =
            [
                "--Orleans:Membership", "Redis",
                "--ConnectionStrings:Redis", _redis.ConnectionString,
                "--Storage:Provider", "PostgreSql",
                "--ConnectionStrings:RuleOfLaw", _postgres.ConnectionString,
            ];
        }

        var silo = NodeBuild.SiloAssembly(_root);
        for (var number = 1; number <= _options.Nodes; number++)
        {
            var data = _binaries is null ? Path.Combine(Path.GetTempPath(), "ruleoflaw-bench", Guid.NewGuid().ToString("N")) : null;
            IReadOnlyList<string> store = data is null ? shared : ["--Storage:DataDirectory", data];
            _nodes.Add(new NodeLauncher($"node {number}", silo, ClusterId, store, data, _options.KeepData, _options.PerfMap));
        }

        var urls = await Task.WhenAll(_nodes.Select(node => node.Start(cancellation)));
        await Task.WhenAll(_nodes.Select(node => node.WaitReady(_options.Nodes, cancellation)));
        return urls;
    }

    /// <summary>What the results record of the nodes and servers.</summary>
    public Topology Describe() => new(
        _nodes.Count,
        Store,
        StartedByHarness: true,
        ClusterId,
        _nodes.Select(node => new NodeEntry(node.Name, node.BaseAddress?.ToString() ?? "not started", node.ProcessId, node.DataDirectory)).ToList(),
        Servers());

    /// <summary>Synchronous last resort for process exit and the hard deadline: nodes first, then their servers.</summary>
    public void KillNow()
    {
        _nodes.ForEach(node => node.KillNow());
        _redis?.KillNow();
        _postgres?.Stop().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(node => node.DisposeAsync().AsTask()));
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private List<string> Servers()
    {
        var servers = new List<string>();
        if (_postgres is not null && _binaries is not null)
        {
            servers.Add($"{_binaries.PgVersion} at 127.0.0.1:{_postgres.Port}, database {PrivatePostgres.Database}, fresh folder {_postgres.Folder}");
        }

        if (_redis is not null && _binaries is not null)
        {
            servers.Add($"{_binaries.RedisVersion} at 127.0.0.1:{_redis.Port}, nothing persisted");
        }

        return servers;
    }
}
