using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// One node of a production cluster, started as an operator starts it: Redis membership under
/// the cluster's id, PostgreSQL storage, development authentication (the X-Actor-* headers the
/// load uses), the diagnostics endpoint (reminder probes, which node holds which grain) and a
/// report rate limit wide enough for the load.
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
            "--Diagnostics:Enabled", "true",

            // The load reports many cases at few points; the duplicate flag's extra events are
            // tested on a node of their own (RuleOfLaw.Host.Tests, Duplicates/).
            "--Duplicates:FlagAtIntake", "false",

            // The load reports as one grid worker through every node (about 30 reports/s in all,
            // 15/s per node while one is down): many people's work under one name, which the
            // per-user default (10/s sustained) rightly refuses to one person.
            "--Protection:RateLimits:Reports:TokensPerPeriod", "100")
    {
        Name = name;
        ClusterId = clusterId;
    }

    /// <summary>"node 1", "node 2", …: what failure messages and reports call it.</summary>
    public string Name { get; }

    /// <summary>
    /// This node's runtime figures (GET /api/diagnostics/runtime), asked of itself. The node asks
    /// every silo it counts as active for its grains, so just after a node left it may answer 503
    /// until its own view of membership has caught up with the table: asked again until 200.
    /// </summary>
    public async Task<JsonElement> Runtime()
    {
        using var administrator = Client(Role.Administrator);
        administrator.Timeout = TimeSpan.FromSeconds(10);
        var answer = await Signals.Until(
            async () =>
            {
                using var response = await administrator.GetAsync("api/diagnostics/runtime");
                return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
            },
            answer => answer.StatusCode != HttpStatusCode.ServiceUnavailable,
            $"{Name} to answer GET /api/diagnostics/runtime without 503",
            answer => answer.Text,
            TimeSpan.FromSeconds(20));
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{Name} answered GET /api/diagnostics/runtime with {(int)answer.StatusCode}: {answer.Text}");
        return HttpExpectations.Parse(answer.Text);
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
