using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Counts every hub method invocation against the caller's <see cref="LimitKind.HubMessages"/>
/// bucket. Over the limit, the invocation is refused with a HubException naming the limit and when
/// to retry, like the hub's other refusals: the connection stays open, and a phone that sent
/// without waiting for an answer (SendAsync) simply loses that message.
/// </summary>
public sealed class HubRateLimitFilter(CallerRateLimiter limiter, ProtectionMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var lease = limiter.AcquireHubMessage(invocationContext.Context);
        if (!lease.IsAcquired)
        {
            metrics.Refused(LimitKind.HubMessages, ProtectionMetrics.Hub);
            var bucket = limiter.Limits.HubMessages;
            var detail = RateLimitRefusal.Detail(LimitKind.HubMessages, bucket, RateLimitRefusal.RetryAfterSeconds(lease, bucket));

            // Hub calls run outside the request that opened the connection: its culture says the language.
            var culture = invocationContext.Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name;
            throw new HubException(detail.For(culture ?? Languages.Default));
        }

        return await next(invocationContext);
    }
}
