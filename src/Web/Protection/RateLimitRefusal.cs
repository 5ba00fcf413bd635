using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// What a caller over a limit is told, over HTTP (429, Retry-After, ProblemDetails) and over the
/// hub (a HubException with the same text): which limit, how it is sized, when to try again.
/// </summary>
public static class RateLimitRefusal
{
    public static readonly LocalizedText Title = Text.Of("请求过于频繁。", "Too many requests.");

    /// <summary>Whole seconds until the bucket holds a token again, at least 1 (Retry-After has no fractions).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease, TokenBucket bucket)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : bucket.ReplenishmentPeriod;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }

    public static LocalizedText Detail(LimitKind kind, TokenBucket bucket, int retryAfterSeconds)
    {
        var (zhName, enName) = Names(kind);
        var (zhRate, enRate) = Rate(bucket);
        return Text.Of(
            $"{zhName}过于频繁：每位用户（未登录时按客户端地址）最多连续 {bucket.TokenLimit} 次，此后{zhRate}。请于 {retryAfterSeconds} 秒后再试。",
            $"Too many {enName}: each user (each client address when not signed in) may send {bucket.TokenLimit} at once, then {enRate}. Retry in {retryAfterSeconds} s.");
    }

    public static ProblemHttpResult Problem(LimitKind kind, TokenBucket bucket, int retryAfterSeconds) =>
        Problems.Problem(
            StatusCodes.Status429TooManyRequests,
            Title,
            Detail(kind, bucket, retryAfterSeconds),
            new Dictionary<string, object?>
            {
                ["limit"] = kind.ToString(),
                ["retryAfterSeconds"] = retryAfterSeconds,
            });

    /// <summary>The rate-limiting middleware's refusal: Retry-After and the problem, in the request's language.</summary>
    public static async ValueTask WriteAsync(HttpContext context, RateLimitLease lease)
    {
        var kind = CallerRateLimiter.KindOf(context);
        var bucket = context.RequestServices.GetRequiredService<CallerRateLimiter>().Limits.For(kind);
        var retryAfter = RetryAfterSeconds(lease, bucket);
        context.RequestServices.GetRequiredService<ProtectionMetrics>().Refused(kind, ProtectionMetrics.Http);
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Problem(kind, bucket, retryAfter).ExecuteAsync(context);
    }

    private static (string ZhCn, string En) Names(LimitKind kind) => kind switch
    {
        LimitKind.Reports => ("上报", "reports"),
        LimitKind.Transitions => ("办理操作", "case steps"),
        LimitKind.HubMessages => ("实时消息", "live messages"),
        _ => ("提交", "changes"),
    };

    private static (string ZhCn, string En) Rate(TokenBucket bucket)
    {
        var seconds = bucket.ReplenishmentPeriod.TotalSeconds;
        var count = bucket.TokensPerPeriod;
        return seconds == 1
            ? ($"每秒 {count} 次", $"{count} per second")
            : ($"每 {seconds.ToString("0.###", CultureInfo.InvariantCulture)} 秒 {count} 次", $"{count} every {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
    }
}
