using System.Net;
using Orleans.Configuration;
using StackExchange.Redis;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>How nodes find each other.</summary>
public enum MembershipKind
{
    /// <summary>One node on this machine (embedded mode): no membership server.</summary>
    Localhost,

    /// <summary>Several nodes, membership kept in Redis (production mode).</summary>
    Redis,
}

/// <summary>
/// Cluster membership of a node. Production timing is tuned so that a node that dies without a
/// word (kill -9, power loss) is declared dead, and its grains served again elsewhere, within
/// about three seconds: probes every second, suspected after two missed, dead on two votes.
/// </summary>
public static class Clustering
{
    public const string RedisConnectionStringName = "Redis";

    /// <summary>How long a node may wait for the membership server at start before giving up with a clear message.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static void UseRuleOfLawClustering(this ISiloBuilder silo, ClusterSettings cluster, string? redisConnectionString)
    {
        switch (cluster.Membership)
        {
            case MembershipKind.Localhost:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                return;
            case MembershipKind.Redis:
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
                silo.UseRedisClustering(options => options.ConfigurationOptions = RedisOptions(redisConnectionString!));
                silo.Configure<ClusterMembershipOptions>(options =>
                {
                    options.ProbeTimeout = TimeSpan.FromSeconds(1);
                    options.NumMissedProbesLimit = 2;
                    options.NumVotesForDeathDeclaration = 2;
                    options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                    options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                    options.DefunctSiloExpiration = TimeSpan.FromHours(1);
                });
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Membership, "Unknown membership kind.");
        }
    }

    /// <summary>
    /// Checks that the membership server answers before the node starts, so that a wrong address
    /// or a server that is down stops the node with one line naming it rather than a stack trace
    /// from inside Orleans' start-up.
    /// </summary>
    public static async Task<string?> CheckReachable(ClusterSettings cluster, string? redisConnectionString)
    {
        if (cluster.Membership != MembershipKind.Redis)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(redisConnectionString))
        {
            return $"Orleans:Membership is Redis but ConnectionStrings:{RedisConnectionStringName} is not set.";
        }

        ConfigurationOptions options;
        try
        {
            options = RedisOptions(redisConnectionString);
            options.AbortOnConnectFail = true;
        }
        catch (ArgumentException exception)
        {
            return $"ConnectionStrings:{RedisConnectionStringName} is not a valid Redis connection string: {exception.Message}";
        }

        var server = string.Join(", ", options.EndPoints.Select(endpoint => endpoint.ToString()));
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return null;
        }
        catch (RedisException exception)
        {
            return $"The membership server (Redis at {server}) is unreachable: {exception.Message.Split('\n')[0]}";
        }
    }

    private static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        return options;
    }

    private static IPAddress AdvertisedAddress(ClusterSettings cluster)
    {
        if (cluster.AdvertisedAddress is { Length: > 0 } configured)
        {
            return IPAddress.TryParse(configured, out var address)
                ? address
                : Dns.GetHostAddresses(configured).First(candidate => candidate.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        }

        return IPAddress.Loopback;
    }
}
