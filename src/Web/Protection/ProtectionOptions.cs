namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Abuse limits of a node (<c>Protection:*</c>), read once at start. Every limit holds per node:
/// behind a load balancer spreading one user over N nodes, that user gets up to N times as much.
/// </summary>
public sealed class ProtectionOptions
{
    public const string SectionName = "Protection";

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Largest body an endpoint marked with <see cref="UploadLimits.AcceptsUploads"/> accepts (photos,
    /// attachments). Every other endpoint keeps the API's 64 KiB.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Largest message a hub connection may send. The largest legal message, 500 position fixes,
    /// is about 55 KB as JSON; a bigger one closes the connection that sent it.
    /// </summary>
    public long MaxHubMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Connections a node holds at once (null: no limit): a ceiling against exhausting sockets and memory.</summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>WebSocket connections a node holds at once (null: no limit); each is a live dashboard or phone.</summary>
    public long? MaxConcurrentUpgradedConnections { get; set; }

    public CorsOptions Cors { get; set; } = new();

    public HstsOptions Hsts { get; set; } = new();
}

/// <summary>
/// Token buckets per user (per client address for anonymous calls) and kind of request. The
/// defaults sit far above what a person does and far below what a runaway script does; they also
/// leave room for the load harness (bench/), whose identities are busier than any person:
/// 2,000 grid workers report 1/s each, 20 operators per role take 40 steps/s each, and each
/// position device sends 200 fixes/s one message at a time.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>POST /api/incidents. A grid worker reports a few cases an hour, or a queue of them after a dead spot.</summary>
    public TokenBucket Reports { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 10 };

    /// <summary>POST /api/incidents/{id}/{step}. A person takes a step every few seconds at most.</summary>
    public TokenBucket Transitions { get; set; } = new() { TokenLimit = 600, TokensPerPeriod = 120 };

    /// <summary>Every other POST, PUT, PATCH and DELETE (positions over HTTP, administration).</summary>
    public TokenBucket Writes { get; set; } = new() { TokenLimit = 120, TokensPerPeriod = 20 };

    /// <summary>
    /// Every hub method invocation. A phone sends a fix (or a batch) every few seconds. The bucket
    /// is deep because a connection's messages are counted as the node reads them: after the node
    /// stalls (a busy machine, a long GC) it reads a device's backlog at once, and 30 s of the load
    /// harness's 200 messages/s must still pass.
    /// </summary>
    public TokenBucket HubMessages { get; set; } = new() { TokenLimit = 6000, TokensPerPeriod = 300 };

    public TokenBucket For(LimitKind kind) => kind switch
    {
        LimitKind.Reports => Reports,
        LimitKind.Transitions => Transitions,
        LimitKind.Writes => Writes,
        LimitKind.HubMessages => HubMessages,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a limited kind of request."),
    };
}

/// <summary>
/// A bucket holds up to <see cref="TokenLimit"/> requests (the burst); <see cref="TokensPerPeriod"/>
/// come back every <see cref="ReplenishmentPeriod"/> (the sustained rate). Names as in ASP.NET Core's
/// <c>TokenBucketRateLimiterOptions</c>.
/// </summary>
public sealed class TokenBucket
{
    public int TokenLimit { get; set; }

    public int TokensPerPeriod { get; set; }

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Cross-origin access: none unless origins are listed.</summary>
public sealed class CorsOptions
{
    /// <summary>Origins (<c>https://host[:port]</c>) whose pages may call the API from a browser.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Whether those pages may send cookies (needed only for a cookie session across origins).</summary>
    public bool AllowCredentials { get; set; }
}

/// <summary>Strict-Transport-Security on responses to HTTPS requests.</summary>
public sealed class HstsOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool IncludeSubDomains { get; set; }
}
