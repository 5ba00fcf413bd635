using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Access;

/// <summary>
/// A door refused by role answers 403 with a ProblemDetails that says which roles it admits,
/// in the caller's language; everything else (challenges, other policies) is answered as usual.
/// </summary>
public sealed class DoorRefusalResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var door = policy.Requirements.OfType<DoorRequirement>().FirstOrDefault()?.Door;
        if (!authorizeResult.Forbidden || door is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var detail = context.User.ToActor() is { } actor
            ? AccessPolicy.Refusal(actor, door.Value, AccessTarget.None)
            : null;
        await Problems.Forbidden(detail ?? Text.Of("无法确认操作人的角色与辖区。", "The actor's role and jurisdiction are not known."))
            .ExecuteAsync(context);
    }
}
