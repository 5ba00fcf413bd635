using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Access;

/// <summary>The policy table's answer for a target an endpoint has found, as the 403 it becomes.</summary>
public static class AccessProblems
{
    /// <summary>A 403 ProblemDetails saying why <paramref name="user"/> may not pass, or null when they may.</summary>
    public static ProblemHttpResult? Refuse(this ClaimsPrincipal user, Permission permission, AccessTarget target) =>
        user.Refuse(Door.Of(permission), target);

    /// <summary>The same for a door of a step of the closed loop (what may be read before taking it).</summary>
    public static ProblemHttpResult? Refuse(this ClaimsPrincipal user, Door door, AccessTarget target) =>
        AccessPolicy.Refusal(user.ToActor()!, door, target) is { } reason ? Problems.Forbidden(reason) : null;
}
