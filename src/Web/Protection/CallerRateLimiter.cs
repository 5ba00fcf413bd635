using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RuleOfLaw.Web.Actors;

namespace RuleOfLaw.Web.Protection;

/// <summary>What a request counts against; reads are not limited.</summary>
public enum LimitKind
{
    None,
    Reports,
    Transitions,
    Writes,
    HubMessages,
}

/// <summary>
/// One bucket per kind and caller. The caller is the authenticated user (<see cref="ActorClaims.User"/>),
/// so one person's phone, browser and retries share it; an anonymous caller is its client address.
/// </summary>
public readonly record struct CallerKey(LimitKind Kind, string Caller)
{
    public static string Of(ClaimsPrincipal? user, IPAddress? address) =>
        user?.FindFirst(ActorClaims.User)?.Value is { Length: > 0 } name
            ? $"user:{name}"
            : $"address:{address?.ToString() ?? "unknown"}";
}

/// <summary>
/// The node's token buckets, shared by the HTTP rate limiter and the hub filter. Buckets live in
/// memory and are dropped when idle and full; a node restart forgives everyone.
/// </summary>
public sealed class CallerRateLimiter : IDisposable
{
    private const string IncidentsRoute = "/api/incidents";

    /// <summary><c>/api/incidents/{id}/</c>, followed by the step's segment.</summary>
    private const string StepRoutePrefix = "/api/incidents/{id}/";

    private readonly PartitionedRateLimiter<CallerKey> _limiter;

    public CallerRateLimiter(IOptions<ProtectionOptions> options)
    {
        Limits = options.Value.RateLimits;
        _limiter = PartitionedRateLimiter.Create<CallerKey, CallerKey>(key => key.Kind == LimitKind.None
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetTokenBucketLimiter(key, limited => Bucket(Limits.For(limited.Kind))));
        ForHttp = _limiter.WithTranslatedKey<HttpContext>(KeyOf, leaveOpen: true);
    }

    public RateLimitOptions Limits { get; }

    /// <summary>The same buckets, keyed by an HTTP request (the global limiter of the rate-limiting middleware).</summary>
    public PartitionedRateLimiter<HttpContext> ForHttp { get; }

    /// <summary>Takes one token for a hub invocation; a refused lease carries when to retry.</summary>
    public RateLimitLease AcquireHubMessage(HubCallerContext caller) =>
        _limiter.AttemptAcquire(new CallerKey(LimitKind.HubMessages, CallerKey.Of(caller.User, caller.GetHttpContext()?.Connection.RemoteIpAddress)));

    public static CallerKey KeyOf(HttpContext context) =>
        new(KindOf(context), CallerKey.Of(context.User, context.Connection.RemoteIpAddress));

    /// <summary>
    /// Classifies by method and matched route: a report is the POST to the incidents collection, a
    /// transition a POST to one of its steps. The hub's own HTTP requests (negotiate, long-polling
    /// sends) are left to the hub filter, which counts each invocation once.
    /// </summary>
    public static LimitKind KindOf(HttpContext context)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)))
        {
            return LimitKind.None;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<HubMetadata>() is not null)
        {
            return LimitKind.None;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        if (!HttpMethods.IsPost(method) || route is null)
        {
            return LimitKind.Writes;
        }

        if (route.Equals(IncidentsRoute, StringComparison.OrdinalIgnoreCase))
        {
            return LimitKind.Reports;
        }

        return route.StartsWith(StepRoutePrefix, StringComparison.OrdinalIgnoreCase) && route.IndexOf('/', StepRoutePrefix.Length) < 0
            ? LimitKind.Transitions
            : LimitKind.Writes;
    }

    public void Dispose()
    {
        ForHttp.Dispose();
        _limiter.Dispose();
    }

    private static TokenBucketRateLimiterOptions Bucket(TokenBucket bucket) => new()
    {
        TokenLimit = bucket.TokenLimit,
        TokensPerPeriod = bucket.TokensPerPeriod,
        ReplenishmentPeriod = bucket.ReplenishmentPeriod,

        // Refuse at once rather than hold the request: a queued request still costs a connection.
        QueueLimit = 0,
    };
}
