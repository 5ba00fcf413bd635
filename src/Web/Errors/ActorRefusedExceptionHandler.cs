using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Errors;

/// <summary>
/// A grain refused a call because its actor is not (or no longer) the account it claims to be:
/// disabled, re-scoped or unknown. The caller may not act, so 403, not 500.
/// </summary>
public sealed class ActorRefusedExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is ActorRefusedException refused)
            {
                await Problems.Forbidden(Reason(refused.Verdict)).ExecuteAsync(httpContext);
                return true;
            }
        }

        return false;
    }

    public static LocalizedText Reason(ActorVerdict verdict) => verdict switch
    {
        ActorVerdict.Disabled => Text.Of("您的账号已停用。", "Your account is disabled."),
        ActorVerdict.ScopeChanged => Text.Of("您的角色或辖区已变更，请重新登录。", "Your role or area has changed: sign in again."),
        _ => Text.Of("没有与操作人对应的账号。", "No account matches the actor."),
    };
}
