using System.Text.Json;
using StackExchange.Redis;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// The cluster's membership table as Orleans' Redis provider keeps it: one hash per cluster,
/// <c>{ServiceId}/members/{ClusterId}</c>, a field per silo (named like the silo address the node
/// reports) holding its entry as JSON. Read directly, it says which silos the cluster counts as
/// active and which it has declared dead, independently of what any node answers over HTTP.
/// </summary>
public sealed class ClusterMembership : IAsyncDisposable
{
    public const string RedisVariable = "RULEOFLAW_TEST_REDIS";

    /// <summary>Orleans' <c>SiloStatus</c> values as the table stores them.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    private const string ServiceId = "ruleoflaw";

    private readonly ConnectionMultiplexer _redis;
    private readonly RedisKey _key;

    private ClusterMembership(ConnectionMultiplexer redis, string clusterId)
    {
        _redis = redis;
        _key = $"{ServiceId}/members/{clusterId}";
    }

    /// <summary>host:port of the test Redis server (tests/run.sh starts one and names it in RULEOFLAW_TEST_REDIS).</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{RedisVariable} is not set, and these tests need a real Redis server for cluster membership. "
                + "Run tests/run.sh, which starts a throwaway one and sets it, or set it yourself (e.g. 127.0.0.1:6379).");

    public static async Task<ClusterMembership> Connect(string clusterId) =>
        new(await ConnectionMultiplexer.ConnectAsync(Server), clusterId);

    /// <summary>Silo address → status, for every silo the table has ever held for this cluster.</summary>
    public async Task<IReadOnlyDictionary<string, int>> Read()
    {
        var fields = await _redis.GetDatabase().HashGetAllAsync(_key);
        var silos = new Dictionary<string, int>();
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            if (!name.StartsWith('S'))
            {
                continue; // the table's version row
            }

            using var entry = JsonDocument.Parse(field.Value.ToString());
            silos[name] = entry.RootElement.GetProperty("Status").GetInt32();
        }

        return silos;
    }

    /// <summary>Removes this cluster's table: a test cluster leaves nothing behind in the shared server.</summary>
    public async Task Delete() => await _redis.GetDatabase().KeyDeleteAsync(_key);

    public static string Describe(IReadOnlyDictionary<string, int> silos) =>
        string.Join(", ", silos.Select(silo => $"{silo.Key}={StatusName(silo.Value)}"));

    private static string StatusName(int status) => status switch
    {
        1 => "Created",
        2 => "Joining",
        Active => "Active",
        4 => "ShuttingDown",
        5 => "Stopping",
        Dead => "Dead",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
