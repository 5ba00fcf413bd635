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
        AccessPolicy.Refusal(user.ToActor()!, Door.Of(permission), target) is { } reason ? Problems.Forbidden(reason) : null;
}
