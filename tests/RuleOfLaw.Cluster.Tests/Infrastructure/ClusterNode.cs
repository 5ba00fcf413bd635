using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// One node of a production cluster, started as an operator starts it: Redis membership under
/// the cluster's id, PostgreSQL storage, development authentication (the X-Actor-* headers the
/// load uses) and the diagnostics endpoint (reminder probes, which node holds which grain).
/// </summary>
public sealed class ClusterNode : NodeProcess
{
    public ClusterNode(string name, string clusterId, string redis, string database)
        : base(
            "--Orleans:Membership", "Redis",
            "--ConnectionStrings:Redis", redis,
            $"--{StorageOptions.ProviderKey}", nameof(StorageProvider.PostgreSql),
            $"--{StorageOptions.ConnectionStringKey}", database,
            "--Authentication:Development:Enabled", "true",
            "--Diagnostics:Enabled", "true")
    {
        Name = name;
        ClusterId = clusterId;
    }

    /// <summary>"node 1", "node 2", …: what failure messages and reports call it.</summary>
    public string Name { get; }

    /// <summary>This node's runtime figures (GET /api/diagnostics/runtime), asked of itself.</summary>
    public async Task<JsonElement> Runtime()
    {
        using var administrator = Client(Role.Administrator);
        administrator.Timeout = TimeSpan.FromSeconds(10);
        return await administrator.GetAsync("api/diagnostics/runtime").Expect(HttpStatusCode.OK);
    }

    /// <summary>The silo address of the running process (it changes at every start: the epoch is part of it).</summary>
    public async Task<string> SiloAddress() => (await Runtime()).Text("silo");

    /// <summary>How many activations of a grain type (its name contains <paramref name="grainType"/>) this node holds.</summary>
    public async Task<int> LocalActivations(string grainType) =>
        (await Runtime()).GetProperty("localActivations").EnumerateObject()
            .Where(property => property.Name.Contains(grainType, StringComparison.Ordinal))
            .Sum(property => property.Value.GetInt32());

    public override string ToString() => Name;
}
