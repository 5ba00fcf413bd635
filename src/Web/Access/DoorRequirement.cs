using Microsoft.AspNetCore.Authorization;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Web.Actors;

namespace RuleOfLaw.Web.Access;

/// <summary>An endpoint's door: the role must be admitted by <see cref="AccessPolicy"/> before the request is even read.</summary>
public sealed record DoorRequirement(Door Door) : IAuthorizationRequirement;

/// <summary>
/// Admits by role only; reach (area, unit) depends on the target, which the handler or the grain
/// checks against the same table once it knows the case, area or unit.
/// </summary>
public sealed class DoorRequirementHandler : AuthorizationHandler<DoorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DoorRequirement requirement)
    {
        if (context.User.ToActor() is { } actor && AccessPolicy.Admits(actor.Role, requirement.Door))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, requirement.Door.ToString()));
        }

        return Task.CompletedTask;
    }
}
