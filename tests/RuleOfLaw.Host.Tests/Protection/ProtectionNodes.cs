using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// A node whose per-user limits are tiny (3 reports, 3 steps, 3 other writes, 5 hub messages, then
/// one more every ten minutes), so a test reaches each limit in a few calls and no token comes
/// back while it runs; each test acts as users of its own. It also lets one origin in through CORS.
/// </summary>
public sealed class NodeWithTightLimits() : NodeProcess(
    "--Protection:RateLimits:Reports:TokenLimit", "3",
    "--Protection:RateLimits:Reports:TokensPerPeriod", "1",
    "--Protection:RateLimits:Reports:ReplenishmentPeriod", "00:10:00",
    "--Protection:RateLimits:Transitions:TokenLimit", "3",
    "--Protection:RateLimits:Transitions:TokensPerPeriod", "1",
    "--Protection:RateLimits:Transitions:ReplenishmentPeriod", "00:10:00",
    "--Protection:RateLimits:Writes:TokenLimit", "3",
    "--Protection:RateLimits:Writes:TokensPerPeriod", "1",
    "--Protection:RateLimits:Writes:ReplenishmentPeriod", "00:10:00",
    "--Protection:RateLimits:HubMessages:TokenLimit", "5",
    "--Protection:RateLimits:HubMessages:TokensPerPeriod", "1",
    "--Protection:RateLimits:HubMessages:ReplenishmentPeriod", "00:10:00",
    "--Protection:Cors:AllowedOrigins:0", NodeWithTightLimits.ConsoleOrigin,
    "--Protection:Cors:AllowCredentials", "true")
{
    /// <summary>The one origin allowed in: the command console served from a host of its own.</summary>
    public const string ConsoleOrigin = "https://console.example.gov.cn";

    /// <summary>How long a refused caller is told to wait: one period, for the one token it lacks.</summary>
    public const int RetryAfterSeconds = 600;
}

/// <summary>
/// A node that logs everything the framework has to say (Trace for Microsoft.*, Debug for the
/// product), as an operator chasing a problem might run it. The leak probe sends tokens, cookies
/// and citizen personal data through it; the scan of the whole run then proves none of it reached
/// its log (Orleans stays at Warning: its trace volume would drown the run).
/// </summary>
public sealed class VerboseNode() : NodeProcess(
    "--Logging:LogLevel:Default", "Trace",
    "--Logging:LogLevel:Microsoft.AspNetCore", "Trace",
    "--Logging:LogLevel:Orleans", "Warning");

[CollectionDefinition(Name)]
public sealed class NodeWithTightLimitsCollection : ICollectionFixture<NodeWithTightLimits>
{
    public const string Name = "Node with tight limits";
}

[CollectionDefinition(Name)]
public sealed class VerboseNodeCollection : ICollectionFixture<VerboseNode>
{
    public const string Name = "Verbose node";
}
