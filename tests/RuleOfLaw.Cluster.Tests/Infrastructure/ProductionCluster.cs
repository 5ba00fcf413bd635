using System.Diagnostics;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// A production cluster on loopback: three node processes with Redis membership under a cluster
/// id of their own (so clusters of parallel runs never see each other in the shared Redis) and
/// PostgreSQL storage in a server of the fixture's own (so stopping it disturbs no other test
/// assembly). Tests kill, stop, restart and add nodes; each starts from <see cref="Healthy"/>.
/// </summary>
public sealed class ProductionCluster : IAsyncLifetime
{
    public const int Size = 3;

    /// <summary>How long a join, a death declaration or a restart may take before a test fails naming it.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(45);

    private readonly List<ClusterNode> _extraNodes = [];
    private ClusterMembership? _membership;

    public string ClusterId { get; } = $"cluster-tests-{Guid.NewGuid():N}";

    public PrivatePostgres Postgres { get; private set; } = null!;

    /// <summary>The connection string of the cluster's database, for checks that read it directly.</summary>
    public string Database { get; private set; } = null!;

    public IReadOnlyList<ClusterNode> Nodes { get; private set; } = [];

    public ClusterMembership Membership => _membership!;

    public async Task InitializeAsync()
    {
        Postgres = await PrivatePostgres.Start("ruleoflaw");
        Database = Postgres.ConnectionString("ruleoflaw");
        _membership = await ClusterMembership.Connect(ClusterId);
        Nodes = Enumerable.Range(1, Size).Select(NewNode).ToList();

        // Together, as an orchestrator starts a deployment: one of them applies the schema and
        // seeds the district under the store's lock, the others wait for it.
        await Task.WhenAll(Nodes.Select(node => node.InitializeAsync()));
        await Settled();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes.Concat(_extraNodes))
        {
            await node.DisposeAsync();
        }

        if (_membership is not null)
        {
            await _membership.Delete();
            await _membership.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    /// <summary>Starts another node into the cluster (a late joiner); it is stopped with the cluster.</summary>
    public async Task<ClusterNode> AddNode()
    {
        var node = NewNode(Size + _extraNodes.Count + 1);
        _extraNodes.Add(node);
        await node.InitializeAsync();
        return node;
    }

    /// <summary>
    /// Brings the cluster back to its three running nodes, whatever an earlier test left (a killed
    /// node, a stopped database), and waits until membership has settled.
    /// </summary>
    public async Task Healthy()
    {
        if (!Postgres.IsRunning)
        {
            await Postgres.Restart();
        }

        foreach (var node in Nodes.Where(node => !node.IsRunning))
        {
            await node.Restart();
        }

        await Settled();
    }

    /// <summary>
    /// Waits until the membership table counts exactly the running nodes as active and every other
    /// silo it ever held (earlier incarnations, stopped or killed nodes) as dead: until then some
    /// calls still go to a silo that is gone. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> Settled()
    {
        var watch = Stopwatch.StartNew();
        var running = new HashSet<string>();
        foreach (var node in Nodes.Concat(_extraNodes).Where(node => node.IsRunning))
        {
            running.Add(await node.SiloAddress());
        }

        await Signals.Until(
            () => Membership.Read(),
            silos => running.All(silo => silos.GetValueOrDefault(silo) == ClusterMembership.Active)
                && silos.Where(silo => !running.Contains(silo.Key)).All(silo => silo.Value == ClusterMembership.Dead),
            $"membership to count {string.Join(", ", running)} as active and every other silo as dead",
            ClusterMembership.Describe,
            SettleTimeout);
        return watch.Elapsed;
    }

    /// <summary>How long after <paramref name="since"/> the table declared <paramref name="silo"/> dead.</summary>
    public async Task<TimeSpan> DeclaredDead(string silo, Stopwatch since)
    {
        await Signals.Until(
            () => Membership.Read(),
            silos => silos.GetValueOrDefault(silo) == ClusterMembership.Dead,
            $"membership to declare {silo} dead",
            ClusterMembership.Describe,
            SettleTimeout);
        return since.Elapsed;
    }

    /// <summary>The running node whose silo address is <paramref name="silo"/>.</summary>
    public async Task<ClusterNode> NodeOf(string silo)
    {
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            if (await node.SiloAddress() == silo)
            {
                return node;
            }
        }

        throw new InvalidOperationException($"No running node has silo address {silo}.");
    }

    /// <summary>The last lines of every node's output, to attach to a failure.</summary>
    public string Tails(int lines = 40) =>
        string.Join("\n", Nodes.Concat(_extraNodes).Select(node => $"=== {node.Name} ===\n{node.Tail(lines)}"));

    private ClusterNode NewNode(int number) => new($"node {number}", ClusterId, ClusterMembership.Server, Database);
}

[CollectionDefinition(Name)]
public sealed class ProductionClusterCollection : ICollectionFixture<ProductionCluster>
{
    public const string Name = "Production cluster";
}
